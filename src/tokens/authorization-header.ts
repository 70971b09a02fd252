import { ErrorCode, ErrorReason, TesseraError } from "../errors.js";

/** Our cap on the Authorization header; Node's own header limit (16 KiB) answers 431 above it. */
export const MAX_AUTHORIZATION_HEADER_BYTES = 8 * 1024;

/** RFC 6750 §2.1 and RFC 9449 §7.1: `Bearer` or `DPoP` (any case), one space or more, one b64token. */
const CREDENTIALS = /^(Bearer|DPoP) +([A-Za-z0-9\-._~+/]+=*)$/i;

/** How the access token is presented: as a bearer token, or bound to a key the request proves it holds. */
export type AuthScheme = "Bearer" | "DPoP";

export interface Credentials {
  scheme: AuthScheme;
  token: string;
}

export function invalidRequest(message: string, code = ErrorCode.BAD_REQUEST): TesseraError {
  return new TesseraError(
    code,
    message,
    { reason: ErrorReason.INVALID_REQUEST },
    { status: 400, headers: new Map([["www-authenticate", 'Bearer error="invalid_request"']]) },
  );
}

/**
 * Every value of a header. `rawHeaders` is consulted because Node keeps only the first of repeated Authorization
 * headers in `headers`, and joins repeated others with commas.
 */
export function headerValues(rawHeaders: readonly string[], name: string): string[] {
  const values: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i]!.toLowerCase() === name) values.push(rawHeaders[i + 1]!);
  }
  return values;
}

/**
 * Extracts the credentials, or undefined when the request is anonymous.
 * Runs before any crypto: a malformed header costs a regex, not a verification.
 */
export function credentialsFrom(rawHeaders: readonly string[]): Credentials | undefined {
  const values = headerValues(rawHeaders, "authorization");
  if (values.length === 0) return undefined;
  if (values.length > 1) throw invalidRequest("Send one Authorization header");
  return credentials(values[0]!);
}

/** The scheme and token in one `Bearer <token>` or `DPoP <token>` value (a header, a WebSocket's connection_init). */
export function credentials(value: string): Credentials {
  if (Buffer.byteLength(value) > MAX_AUTHORIZATION_HEADER_BYTES) {
    throw invalidRequest(`Authorization header is larger than ${MAX_AUTHORIZATION_HEADER_BYTES} bytes`, ErrorCode.AUTHORIZATION_HEADER_TOO_LARGE);
  }
  const match = CREDENTIALS.exec(value.trim());
  if (!match) throw invalidRequest("Authorization must be: Bearer <access token>, or DPoP <access token> with a DPoP proof");
  return { scheme: match[1]!.toLowerCase() === "dpop" ? "DPoP" : "Bearer", token: match[2]! };
}

/** For services that take bearer tokens only (the reports-service example, the benchmark's peers). */
export function bearerTokenFrom(rawHeaders: readonly string[]): string | undefined {
  const found = credentialsFrom(rawHeaders);
  if (found?.scheme === "DPoP") throw invalidRequest("This service takes bearer tokens only: Authorization: Bearer <access token>");
  return found?.token;
}
