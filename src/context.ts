import type { AccessTokenIssuer } from "./auth/access-token.js";
import type { Viewer } from "./auth/claims.js";
import type { RefreshTokenTransport } from "./auth/refresh-transport.js";
import type { Revocations } from "./auth/revocation.js";
import type { Loaders } from "./loaders.js";
import type { Logger } from "./logger.js";
import type { RateLimits } from "./rate-limit/rate-limits.js";

/** What every resolver receives: built once per request, before any resolver runs, without the database. */
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
  auth: {
    issueAccessToken: AccessTokenIssuer;
    refreshTokenTtlSeconds: number;
    revocations: Revocations;
    /** Where refresh tokens come from and go to: arguments and payloads, or an httpOnly cookie. */
    refreshTransport: RefreshTokenTransport;
  };
}
