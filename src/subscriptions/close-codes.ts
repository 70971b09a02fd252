import type { TesseraError } from "../errors.js";

/**
 * A refusal closes the socket with 4000 + the HTTP status the same refusal
 * gets over HTTP, as graphql-ws's own codes do (4400 bad request, 4401
 * unauthorized, 4403 forbidden): 4401 for a refused or expired token, 4400
 * for a malformed `authorization`. The close reason is the error's `reason`
 * (TOKEN_EXPIRED, TOKEN_INVALID, TOKEN_REVOKED, INVALID_REQUEST): only
 * TOKEN_EXPIRED is worth reconnecting with a refreshed token.
 */
export function closeFor(error: TesseraError): { code: number; reason: string } {
  const http = error.extensions.http as { status?: number } | undefined;
  const reason = error.extensions.reason;
  return { code: 4000 + (http?.status ?? 400), reason: typeof reason === "string" ? reason : error.code };
}

/** Closing codes the server uses on its own. */
export const CloseCode = {
  UNAUTHORIZED: 4401,
  /** A fresh token sent on an open connection names someone else than the connection's viewer. */
  FORBIDDEN: 4403,
  INTERNAL_ERROR: 4500,
} as const;
