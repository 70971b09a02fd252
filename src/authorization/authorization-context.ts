import type { Logger } from "../logger.js";
import type { Viewer } from "../tokens/claims.js";

/**
 * What authorization reads from a request's context: who is asking, and where a denial is logged. The request
 * context (src/context.ts) extends it; authorization never imports that, so it depends on no loader or model.
 */
export interface AuthorizationContext {
  /** null when the request carries no Authorization header. */
  viewer: Viewer | null;
  log: Logger;
}
