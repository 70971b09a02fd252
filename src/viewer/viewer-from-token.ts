import { ErrorReason } from "@tessera/client/errors";
import { ErrorCode, TesseraError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { Viewer } from "../tokens/claims.js";
import type { Revocations } from "../sessions/revocation.js";
import { TokenRejectedError } from "../tokens/token-errors.js";
import type { TokenVerifier } from "../tokens/verify-token.js";
import type { AuthScheme } from "../tokens/authorization-header.js";

/**
 * The one response for every refused token: only `reason` tells a client whether refreshing can help. The
 * challenge names the scheme the token was presented with.
 */
export function unauthenticated(reason: ErrorReason, scheme: AuthScheme = "Bearer"): TesseraError {
  return new TesseraError(
    ErrorCode.UNAUTHENTICATED,
    "The access token is invalid or expired",
    { reason },
    { status: 401, headers: new Map([["www-authenticate", `${scheme} error="invalid_token"`]]) },
  );
}

export type ViewerFromToken = (token: string, log: Logger, scheme?: AuthScheme) => Promise<Viewer>;

/**
 * Access token -> Viewer, for every transport (the HTTP Authorization header,
 * a WebSocket's connection_init): verified, then checked against revocations
 * in memory. A refused token is logged with its reason (never the token) and
 * throws `unauthenticated(reason)`. Never touches the database or the network.
 */
/** How a refused token is counted in tessera_token_verifications_total. */
const REJECTION_RESULT = { TOKEN_EXPIRED: "expired", TOKEN_INVALID: "invalid", TOKEN_REVOKED: "revoked" } as const;

export function createViewerFromToken(
  verify: TokenVerifier,
  revocations: Revocations,
  onRejected: (result: (typeof REJECTION_RESULT)[keyof typeof REJECTION_RESULT]) => void = () => {},
): ViewerFromToken {
  return async (token, log, scheme = "Bearer") => {
    try {
      const viewer = await verify(token);
      if (viewer.id !== null && revocations.isRevoked(viewer.id, viewer.issuedAt.getTime() / 1000)) {
        throw new TokenRejectedError(ErrorReason.TOKEN_REVOKED, "issued before the user's tokensValidAfter");
      }
      return viewer;
    } catch (error) {
      if (!(error instanceof TokenRejectedError)) throw error;
      log.info({ reason: error.reason, detail: error.detail }, "access token rejected");
      onRejected(REJECTION_RESULT[error.reason]);
      throw unauthenticated(error.reason, scheme);
    }
  };
}
