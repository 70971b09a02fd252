import { ErrorCode, TesseraError } from "../errors.js";
import type { IssuedRefreshToken } from "./refresh.js";

/**
 * How refresh tokens travel between client and API (REFRESH_TOKEN_TRANSPORT), for one request. Resolvers
 * speak only to this, so they never see HTTP; the cookie variant lives in src/http/refresh-cookie.ts.
 */
export interface RefreshTokenTransport {
  /** The token the client presents: the argument when given; otherwise the cookie, in cookie mode. */
  presented(argument: string | null | undefined): string | undefined;
  /** Hands a newly issued token to the client; returns the payload's `refreshToken` (null when a cookie carries it). */
  deliver(issued: IssuedRefreshToken): string | null;
  /** Tells the client to forget its token: an expired cookie in cookie mode, nothing in body mode. */
  discard(): void;
}

/**
 * Body mode: a missing argument is a client written for cookie mode, not a lost session, so it is
 * BAD_USER_INPUT: answering REFRESH_TOKEN_INVALID would send the user to sign in again, over and over.
 */
function refreshTokenRequired(): TesseraError {
  const message = "required: this API returns refresh tokens in the response body (REFRESH_TOKEN_TRANSPORT=body)";
  return new TesseraError(ErrorCode.BAD_USER_INPUT, `Invalid input: refreshToken: ${message}`, {
    fields: [{ field: "refreshToken", message }],
  });
}

export const bodyTransport: RefreshTokenTransport = {
  presented(argument) {
    if (argument == null) throw refreshTokenRequired();
    return argument;
  },
  deliver: (issued) => issued.token,
  discard: () => {},
};
