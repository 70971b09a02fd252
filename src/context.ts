import type { AccessTokenIssuer } from "./auth/access-token.js";
import type { Viewer } from "./auth/claims.js";
import type { Loaders } from "./loaders.js";
import type { Logger } from "./logger.js";

/** What every resolver receives: built once per request, before any resolver runs, without the database. */
export interface Context {
  requestId: string;
  /** null when the request carries no Authorization header. */
  viewer: Viewer | null;
  log: Logger;
  /** Per-request DataLoaders, never shared across requests. */
  loaders: Loaders;
  auth: {
    issueAccessToken: AccessTokenIssuer;
    refreshTokenTtlSeconds: number;
  };
}
