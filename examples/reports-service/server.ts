import { ErrorReason } from "@tessera/client/errors";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createRemoteJWKSet, errors, type JWTVerifyGetKey } from "jose";
import { bearerTokenFrom } from "../../src/tokens/authorization-header.js";
import { viewerFromClaims, type Viewer } from "../../src/tokens/claims.js";
import type { SigningAlgorithm } from "../../src/tokens/keys.js";
import { holdsRole, Role } from "../../src/tokens/role.js";
import { hasScopes } from "../../src/tokens/scopes.js";
import { TokenRejectedError } from "../../src/tokens/token-errors.js";
import { createAccessTokenVerifier } from "../../src/tokens/verify-access-token.js";

/**
 * A separate service that trusts Tessera's access tokens without calling Tessera per request: it verifies
 * them with Tessera's own verifier module (same checks: pinned algorithm, issuer, audience, `at+jwt`,
 * lifetime, claim schema), taking the public keys from Tessera's JWKS through jose's createRemoteJWKSet,
 * and decides from the claims alone. It has no database and no session store.
 *
 * The JWKS is fetched once, then again only when it is older than `cacheMaxAge`, or when a token names a
 * `kid` it does not hold and the last fetch is older than `cooldownDuration`: a flood of tokens with
 * unknown kids costs at most one fetch per cooldown.
 *
 * What it cannot know offline: a token revoked at Tessera (signOut everywhere, revokeSessions, ...) is
 * accepted here until it expires (Tessera's access-token lifetime, 15 minutes by default).
 */
export interface ReportsServiceOptions {
  /** Tessera's `/.well-known/jwks.json`. */
  jwksUrl: string | URL;
  /** Tessera's JWT_ISSUER. */
  issuer: string;
  /** Tessera's JWT_AUDIENCE (`tessera` unless configured). */
  audience: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Tessera's JWT_ALG; pinned, never read from the token. */
  algorithm?: SigningAlgorithm;
  /** Least time between two JWKS fetches caused by unknown kids (jose's default: 30 s). */
  cooldownDuration?: number;
  /** Age at which the cached JWKS is fetched again before use (jose's default: 10 minutes). */
  cacheMaxAge?: number;
  /** Upper bound of Tessera's access-token lifetime, for the `iat` age check (Tessera's ceiling: an hour). */
  accessTokenTtlSeconds?: number;
  clockToleranceSeconds?: number;
}

export interface ReportsService {
  origin: string;
  port: number;
  close(): Promise<void>;
}

const REALM = "tessera-reports";
const REQUIRED_SCOPE = "posts:read";

/** The JWKS could not be fetched or read: our upstream's fault, not the token's (503, not 401). */
class KeySourceUnavailable extends Error {
  override name = "KeySourceUnavailable";
}

/** Errors about the token itself (no key with its kid, an algorithm the JWKS cannot serve); anything else is the JWKS. */
function isTokenFault(error: unknown): boolean {
  return (
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JWKSMultipleMatchingKeys ||
    error instanceof errors.JOSENotSupported
  );
}

function remoteKeys(options: ReportsServiceOptions): JWTVerifyGetKey {
  const remote = createRemoteJWKSet(new URL(options.jwksUrl), {
    cooldownDuration: options.cooldownDuration,
    cacheMaxAge: options.cacheMaxAge,
    timeoutDuration: 2_000,
  });
  return async (header, token) => {
    try {
      return await remote(header, token);
    } catch (error) {
      if (isTokenFault(error)) throw error;
      throw new KeySourceUnavailable("the JWKS cannot be fetched", { cause: error });
    }
  };
}

/** Example figures: a real service would read its own store. Who may see what is decided from claims alone. */
function summaryFor(viewer: Viewer) {
  const summary: Record<string, unknown> = {
    report: "summary",
    period: "last-30-days",
    viewer: { id: viewer.id, roles: viewer.roles },
    publishedPosts: 128,
    averageReadingMinutes: 4.2,
  };
  if (holdsRole(viewer, Role.EDITOR)) {
    // Editorial figures: EDITORs and ADMINs only.
    summary.draftPosts = 17;
    summary.awaitingReview = 5;
    summary.medianHoursToPublish = 31;
  }
  return summary;
}

type Reply = { status: number; headers?: Record<string, string>; body: unknown };

function challenge(error?: string, description?: string, extra = ""): string {
  const parts = [`realm="${REALM}"`];
  if (error) parts.push(`error="${error}"`);
  if (description) parts.push(`error_description="${description}"`);
  return `Bearer ${parts.join(", ")}${extra}`;
}

/** RFC 6750 §3: no credentials → 401 without an error code; a bad token → 401 invalid_token; too little scope → 403. */
export async function startReportsService(options: ReportsServiceOptions): Promise<ReportsService> {
  const verify = createAccessTokenVerifier({
    getKey: remoteKeys(options),
    algorithm: options.algorithm ?? "ES256",
    issuer: options.issuer,
    audience: options.audience,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3_600,
    clockToleranceSeconds: options.clockToleranceSeconds ?? 5,
  });

  async function authorize(request: http.IncomingMessage): Promise<Viewer | Reply> {
    let token: string | undefined;
    try {
      token = bearerTokenFrom(request.rawHeaders);
    } catch {
      return { status: 400, headers: { "www-authenticate": challenge("invalid_request") }, body: { error: "invalid_request" } };
    }
    if (token === undefined) return { status: 401, headers: { "www-authenticate": challenge() }, body: { error: "unauthenticated" } };
    try {
      const viewer = viewerFromClaims(await verify(token));
      // A DPoP-bound token is good only with a proof of its key, which this bearer-only service does not check.
      if (viewer.boundKey) throw new TokenRejectedError(ErrorReason.TOKEN_INVALID, "a DPoP-bound token sent as a bearer token");
      if (!hasScopes(viewer, [REQUIRED_SCOPE])) {
        return {
          status: 403,
          headers: { "www-authenticate": challenge("insufficient_scope", undefined, `, scope="${REQUIRED_SCOPE}"`) },
          body: { error: "insufficient_scope", scope: REQUIRED_SCOPE },
        };
      }
      return viewer;
    } catch (error) {
      if (error instanceof TokenRejectedError) {
        const description = error.reason === ErrorReason.TOKEN_EXPIRED ? "The access token expired" : "The access token is invalid";
        return {
          status: 401,
          headers: { "www-authenticate": challenge("invalid_token", description) },
          body: { error: "invalid_token", reason: error.reason },
        };
      }
      if (error instanceof KeySourceUnavailable) {
        return { status: 503, headers: { "retry-after": "5" }, body: { error: "keys_unavailable" } };
      }
      throw error;
    }
  }

  async function handle(request: http.IncomingMessage): Promise<Reply> {
    const path = new URL(request.url ?? "/", "http://reports").pathname;
    if (path === "/healthz") return { status: 200, body: { status: "ok" } };
    if (path !== "/reports/summary") return { status: 404, body: { error: "not_found" } };
    if (request.method !== "GET" && request.method !== "HEAD") return { status: 405, headers: { allow: "GET, HEAD" }, body: { error: "method_not_allowed" } };
    const viewer = await authorize(request);
    if (!("claims" in viewer)) return viewer;
    return { status: 200, headers: { "cache-control": "private, no-store" }, body: summaryFor(viewer) };
  }

  const server = http.createServer((request, response) => {
    handle(request)
      .catch((): Reply => ({ status: 500, body: { error: "internal_error" } }))
      .then(({ status, headers, body }) => {
        response.writeHead(status, { "content-type": "application/json", ...headers });
        response.end(request.method === "HEAD" ? undefined : JSON.stringify(body));
      });
    // The body, if any, is never read: drain it so keep-alive connections stay usable.
    request.resume();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://${options.host ?? "127.0.0.1"}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
