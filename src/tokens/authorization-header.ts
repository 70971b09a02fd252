import { ErrorCode, ErrorReason, TesseraError } from "../errors.js";

/** Our cap on the Authorization header; Node's own header limit (16 KiB) answers 431 above it. */
export const MAX_AUTHORIZATION_HEADER_BYTES = 8 * 1024;

/** RFC 6750 §2.1: `Bearer` (any case), one space or more, one b64token. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

export function invalidRequest(message: string, code = ErrorCode.BAD_REQUEST): TesseraError {
  return new TesseraError(
    code,
    message,
    { reason: ErrorReason.INVALID_REQUEST },
    { status: 400, headers: new Map([["www-authenticate", 'Bearer error="invalid_request"']]) },
  );
}

/**
 * Extracts the bearer token, or undefined when the request is anonymous.
 * Runs before any crypto: a malformed header costs a regex, not a verification.
 * `rawHeaders` is consulted because Node keeps only the first of repeated
 * Authorization headers in `headers`.
 */
export function bearerTokenFrom(rawHeaders: readonly string[]): string | undefined {
  const values: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i]!.toLowerCase() === "authorization") values.push(rawHeaders[i + 1]!);
  }
  if (values.length === 0) return undefined;
  if (values.length > 1) throw invalidRequest("Send one Authorization header");
  return bearerToken(values[0]!);
}

/** The token in one `Bearer <token>` value, wherever it came from (a header, a WebSocket's connection_init). */
export function bearerToken(value: string): string {
  if (Buffer.byteLength(value) > MAX_AUTHORIZATION_HEADER_BYTES) {
    throw invalidRequest(`Authorization header is larger than ${MAX_AUTHORIZATION_HEADER_BYTES} bytes`, ErrorCode.AUTHORIZATION_HEADER_TOO_LARGE);
  }
  const match = BEARER.exec(value.trim());
  if (!match) throw invalidRequest("Authorization must be: Bearer <access token>");
  return match[1]!;
}
