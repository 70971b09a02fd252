/**
 * Every error code and every reason the Tessera API answers with: the one vocabulary that the server raises and
 * that clients branch on (never on messages). This module imports nothing, so the server, the browser and any
 * other service can load it.
 */

/** `errors[].extensions.code`: what kind of refusal or failure this is. */
export enum ErrorCode {
  BAD_REQUEST = "BAD_REQUEST",
  BAD_USER_INPUT = "BAD_USER_INPUT",
  UNAUTHENTICATED = "UNAUTHENTICATED",
  FORBIDDEN = "FORBIDDEN",
  NOT_FOUND = "NOT_FOUND",
  INVALID_CREDENTIALS = "INVALID_CREDENTIALS",
  EMAIL_TAKEN = "EMAIL_TAKEN",
  RATE_LIMITED = "RATE_LIMITED",
  TOKEN_LIMIT_EXCEEDED = "TOKEN_LIMIT_EXCEEDED",
  DEPTH_LIMIT_EXCEEDED = "DEPTH_LIMIT_EXCEEDED",
  ALIAS_LIMIT_EXCEEDED = "ALIAS_LIMIT_EXCEEDED",
  DIRECTIVE_LIMIT_EXCEEDED = "DIRECTIVE_LIMIT_EXCEEDED",
  COST_LIMIT_EXCEEDED = "COST_LIMIT_EXCEEDED",
  PAGE_SIZE_LIMIT_EXCEEDED = "PAGE_SIZE_LIMIT_EXCEEDED",
  EXECUTION_TIMEOUT = "EXECUTION_TIMEOUT",
  OPERATION_NOT_TRUSTED = "OPERATION_NOT_TRUSTED",
  SUBSCRIPTION_LIMIT_EXCEEDED = "SUBSCRIPTION_LIMIT_EXCEEDED",
  BODY_TOO_LARGE = "BODY_TOO_LARGE",
  AUTHORIZATION_HEADER_TOO_LARGE = "AUTHORIZATION_HEADER_TOO_LARGE",
  SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE",
  INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR",
}

/**
 * `errors[].extensions.reason`: why, where a client acts differently by cause. Also the close reason of a
 * subscription socket that ends for one of them.
 */
export enum ErrorReason {
  /** UNAUTHENTICATED: the access token expired. The one refusal a refresh cures. */
  TOKEN_EXPIRED = "TOKEN_EXPIRED",
  /** UNAUTHENTICATED: the access token is not one of ours (signature, claims, type, algorithm). Sign in again. */
  TOKEN_INVALID = "TOKEN_INVALID",
  /** UNAUTHENTICATED: the user was signed out everywhere (password change, revokeSessions, disabled). Sign in again. */
  TOKEN_REVOKED = "TOKEN_REVOKED",
  /** UNAUTHENTICATED: the refresh token is unknown, used twice, expired or revoked. Sign in again. */
  REFRESH_TOKEN_INVALID = "REFRESH_TOKEN_INVALID",
  /** UNAUTHENTICATED: the DPoP proof is missing, malformed, replayed, or not for this request, token or key. Make a new one. */
  DPOP_PROOF_INVALID = "DPOP_PROOF_INVALID",
  /** UNAUTHENTICATED: the DPoP proof lacks the server's nonce: retry with the one in the DPoP-Nonce response header. */
  USE_DPOP_NONCE = "USE_DPOP_NONCE",
  /** BAD_REQUEST: the Authorization header is not one `Bearer <token>`. */
  INVALID_REQUEST = "INVALID_REQUEST",
  /** FORBIDDEN: the viewer's token is another identity provider's, which signs in, refreshes and changes passwords itself. */
  EXTERNAL_IDENTITY = "EXTERNAL_IDENTITY",
  /** FORBIDDEN: a cookie-mode refresh came from an origin that is not allowed (CSRF defence). */
  ORIGIN_NOT_ALLOWED = "ORIGIN_NOT_ALLOWED",
}

/** The reasons after which only signing in again helps: a client ends its session on them. */
export const SIGNED_OUT_REASONS: ReadonlySet<ErrorReason> = new Set([ErrorReason.REFRESH_TOKEN_INVALID, ErrorReason.TOKEN_REVOKED]);

/** The `extensions` of an error from the API, as a client receives them. */
export interface TesseraErrorExtensions {
  code?: ErrorCode | string;
  reason?: ErrorReason | string;
  [key: string]: unknown;
}

/** An error of a GraphQL response body, as JSON carries it. */
export interface GraphQLErrorLike {
  message?: string;
  extensions?: TesseraErrorExtensions;
}

/** Whether any of the errors was refused for `reason`. */
export function hasReason(errors: readonly GraphQLErrorLike[] | undefined, reason: ErrorReason): boolean {
  return (errors ?? []).some((error) => error.extensions?.reason === reason);
}
