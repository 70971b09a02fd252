import type { AccessTokenIssuer } from "./auth/access-token.js";
import type { Viewer } from "./auth/claims.js";
import type { Revocations } from "./auth/revocation.js";
import type { EventBus } from "./events/events.js";
import { createLoaders, type Loaders } from "./loaders.js";
import type { Logger } from "./logger.js";
import type { RateLimits } from "./rate-limit/rate-limits.js";

/**
 * What every resolver receives: built once per request (per event, for a
 * subscription), before any resolver runs, without the database.
 */
export interface Context {
  requestId: string;
  /** null when the request carries no Authorization header. */
  viewer: Viewer | null;
  log: Logger;
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
  };
}

/** The parts of a Context that every request of an instance shares, built once at start. */
export type SharedContext = Pick<Context, "rateLimits" | "events" | "auth">;

/** A fresh Context: new loaders, so nothing one request (or event) loaded leaks into another. */
export function createContext(shared: SharedContext, request: Pick<Context, "requestId" | "viewer" | "log" | "clientAddress">): Context {
  return { ...shared, ...request, loaders: createLoaders(request.viewer) };
}
