import { ErrorCode, TesseraError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { AccessTokenVerifier } from "./verify-access-token.js";
import { bearerTokenFrom, invalidRequest } from "./authorization-header.js";
import { viewerFromClaims, type Viewer } from "./claims.js";
import type { Revocations } from "./revocation.js";
import { TokenRejectedError, TokenRejection } from "./token-errors.js";

export interface AuthRequest {
  rawHeaders: readonly string[];
  /** Parsed JSON body and query string, checked only for a second copy of the token. */
  body?: unknown;
  query?: unknown;
}

function carriesAccessTokenParameter(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value) && "access_token" in value;
}

/** The one response for every refused token: only `reason` tells a client whether refreshing can help. */
export function unauthenticated(reason: string): TesseraError {
  return new TesseraError(
    ErrorCode.UNAUTHENTICATED,
    "The access token is invalid or expired",
    { reason },
    { status: 401, headers: new Map([["www-authenticate", 'Bearer error="invalid_token"']]) },
  );
}

export type ViewerFromRequest = (request: AuthRequest, log: Logger) => Promise<Viewer | null>;

/**
 * Authorization header -> Viewer. No header: anonymous (null). A token that
 * fails any check, or was revoked, fails the whole request with 401. Never
 * touches the database or the network.
 * RFC 6750 §2: a token is taken from the header only; `access_token` in the
 * URL or body is ignored, and sending it alongside the header is refused.
 */
export function createViewerFromRequest(verify: AccessTokenVerifier, revocations: Revocations): ViewerFromRequest {
  return async (request, log) => {
    const token = bearerTokenFrom(request.rawHeaders);
    if (token === undefined) return null;
    if (carriesAccessTokenParameter(request.body) || carriesAccessTokenParameter(request.query)) {
      throw invalidRequest("Send the access token in the Authorization header only");
    }
    try {
      const claims = await verify(token);
      if (revocations.isRevoked(claims.sub, claims.iat)) {
        throw new TokenRejectedError(TokenRejection.TOKEN_REVOKED, "issued before the user's tokensValidAfter");
      }
      return viewerFromClaims(claims);
    } catch (error) {
      if (!(error instanceof TokenRejectedError)) throw error;
      log.info({ reason: error.reason, detail: error.detail }, "access token rejected");
      throw unauthenticated(error.reason);
    }
  };
}
