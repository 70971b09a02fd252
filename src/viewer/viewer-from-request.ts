import type { Logger } from "../logger.js";
import { bearerTokenFrom, invalidRequest } from "../tokens/authorization-header.js";
import type { Viewer } from "../tokens/claims.js";
import type { ViewerFromToken } from "./viewer-from-token.js";

export interface AuthRequest {
  rawHeaders: readonly string[];
  /** Parsed JSON body and query string, checked only for a second copy of the token. */
  body?: unknown;
  query?: unknown;
}

function carriesAccessTokenParameter(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value) && "access_token" in value;
}

export type ViewerFromRequest = (request: AuthRequest, log: Logger) => Promise<Viewer | null>;

/**
 * Authorization header -> Viewer. No header: anonymous (null). A token that
 * fails any check, or was revoked, fails the whole request with 401.
 * RFC 6750 §2: a token is taken from the header only; `access_token` in the
 * URL or body is ignored, and sending it alongside the header is refused.
 */
export function createViewerFromRequest(viewerFromToken: ViewerFromToken): ViewerFromRequest {
  return async (request, log) => {
    const token = bearerTokenFrom(request.rawHeaders);
    if (token === undefined) return null;
    if (carriesAccessTokenParameter(request.body) || carriesAccessTokenParameter(request.query)) {
      throw invalidRequest("Send the access token in the Authorization header only");
    }
    return viewerFromToken(token, log);
  };
}
