import type { AccessTokenIssuer } from "./tokens/access-token.js";
import type { AuthorizationContext } from "./authorization/authorization-context.js";
import type { RefreshTokenTransport } from "./sessions/refresh-transport.js";
import type { Revocations } from "./sessions/revocation.js";
import type { EventBus } from "./events/events.js";
import { createLoaders, type Loaders } from "./loaders.js";
import type { RateLimits } from "./rate-limit/rate-limits.js";

/**
 * What every resolver receives: built once per request (per event, for a
 * subscription), before any resolver runs, without the database.
 */
export interface Context extends AuthorizationContext {
  requestId: string;
  /** LIMIT_EXECUTION_MS: how long an operation (or a subscription's event) may run. */
  executionMs: number;
  /** Epoch ms by which this operation must be done: resolvers and queries stop there. */
  deadline: number;
  /** The client's address, as Fastify derives it (TRUST_PROXY decides whether X-Forwarded-For counts). */
  clientAddress: string;
  rateLimits: RateLimits;
  /** Per-request DataLoaders, never shared across requests. */
  loaders: Loaders;
  /** Where mutations publish what subscriptions hear. */
  events: EventBus;
  auth: {
    issueAccessToken: AccessTokenIssuer;
    refreshTokenTtlSeconds: number;
    revocations: Revocations;
    /** Where refresh tokens come from and go to: arguments and payloads, or an httpOnly cookie. */
    refreshTransport: RefreshTokenTransport;
    /** The key of the request's valid DPoP proof: tokens issued in this request are bound to it. */
    proofKey: string | undefined;
    /** DPOP=required: no bearer token is issued. */
    dpopRequired: boolean;
  };
}

/** The parts of a Context that every request of an instance shares, built once at start. */
export interface SharedContext extends Pick<Context, "rateLimits" | "events" | "executionMs"> {
  auth: Omit<Context["auth"], "refreshTransport" | "proofKey">;
}

/** What one request (or subscription event) brings: the refresh transport may read and set its cookies. */
export interface RequestParts extends Pick<Context, "requestId" | "viewer" | "log" | "clientAddress"> {
  refreshTransport: RefreshTokenTransport;
  proofKey: string | undefined;
}

/** A fresh Context: new loaders, so nothing one request (or event) loaded leaks into another. */
export function createContext(shared: SharedContext, { refreshTransport, proofKey, ...request }: RequestParts): Context {
  const deadline = Date.now() + shared.executionMs;
  return {
    rateLimits: shared.rateLimits,
    events: shared.events,
    executionMs: shared.executionMs,
    deadline,
    ...request,
    auth: { ...shared.auth, refreshTransport, proofKey },
    loaders: createLoaders(request.viewer, deadline),
  };
}
