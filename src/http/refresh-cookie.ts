import type { FastifyReply, FastifyRequest } from "fastify";
import type { RefreshTokenTransport } from "../sessions/refresh-transport.js";
import { ErrorCode, ErrorReason, TesseraError } from "../errors.js";

/**
 * `__Host-`: browsers keep the cookie only when it is Secure, has Path=/ and no Domain, so no other host
 * (a sibling subdomain, say) can set or shadow it (RFC 6265bis, cookie name prefixes).
 */
export const REFRESH_COOKIE = "__Host-tessera-refresh";

/** HttpOnly: no script, and so no XSS, can read it. SameSite=Strict: no request from another site carries it. */
const ATTRIBUTES = { path: "/", httpOnly: true, secure: true, sameSite: "strict" } as const;

function originNotAllowed(): TesseraError {
  return new TesseraError(
    ErrorCode.FORBIDDEN,
    "The refresh cookie is accepted only from the API's own origin or one listed in CORS_ORIGINS",
    { reason: ErrorReason.ORIGIN_NOT_ALLOWED },
    { status: 403 },
  );
}

/** Whole seconds, rounded down, so the cookie never outlives its family. */
function secondsUntil(expiresAt: Date): number {
  return Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
}

/**
 * REFRESH_TOKEN_TRANSPORT=cookie. The browser attaches the cookie to whatever request it sends, so besides
 * SameSite=Strict and Apollo's forced preflight, a request that uses it must name an allowed Origin.
 * Browsers send Origin with every POST (Fetch standard) and mutations never run over GET, so a request
 * without one is not a browser's: it is refused too, since a non-browser client can pass the token as the
 * argument instead (no ambient credential, so no check).
 */
export function refreshCookieTransport(
  request: FastifyRequest,
  reply: FastifyReply,
  corsOrigins: ReadonlySet<string>,
): RefreshTokenTransport {
  return {
    presented(argument) {
      if (argument != null) return argument;
      const origin = request.headers.origin;
      // protocol and host follow X-Forwarded-* only when TRUST_PROXY trusts the proxy that sent them.
      const ownOrigin = `${request.protocol}://${request.host}`;
      if (origin === undefined || (origin !== ownOrigin && !corsOrigins.has(origin))) throw originNotAllowed();
      return request.cookies[REFRESH_COOKIE];
    },
    deliver(issued) {
      reply.setCookie(REFRESH_COOKIE, issued.token, { ...ATTRIBUTES, maxAge: secondsUntil(issued.expiresAt) });
      return null;
    },
    discard() {
      reply.clearCookie(REFRESH_COOKIE, ATTRIBUTES);
    },
  };
}
