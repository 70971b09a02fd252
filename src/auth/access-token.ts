import { randomUUID } from "node:crypto";
import { errors, jwtVerify, SignJWT, type JWTHeaderParameters, type JWTVerifyGetKey } from "jose";
import type { Config } from "../config.js";
import type { UserRecord } from "../users/user.model.js";
import { accessTokenClaimsSchema, type Claims } from "./claims.js";
import { customClaimsFor } from "./custom-claims.js";
import type { KeySet } from "./keys.js";
import type { Role } from "./role.js";
import { scopesForRoles } from "./scopes.js";
import { TokenRejectedError, TokenRejection } from "./token-errors.js";

/** RFC 9068 §2.1: the media type of a JWT access token. */
export const ACCESS_TOKEN_TYPE = "at+jwt";

/**
 * A compact JWS and nothing else: three base64url segments without padding.
 * Anything looser (padding, `+` or `/`, spaces, JSON serialisation, a JWE)
 * is refused before a byte is decoded.
 */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export interface IssuedAccessToken {
  token: string;
  claims: Claims;
  expiresIn: number;
}

export type AccessTokenIssuer = (user: UserRecord) => Promise<IssuedAccessToken>;
export type AccessTokenVerifier = (token: string) => Promise<Claims>;

export function createAccessTokenIssuer(keys: KeySet, jwt: Config["jwt"]): AccessTokenIssuer {
  return async (user) => {
    const now = Math.floor(Date.now() / 1000);
    const roles = user.roles as Role[];
    const claims: Claims = {
      ...customClaimsFor(user),
      iss: jwt.issuer,
      sub: user._id.toString(),
      aud: jwt.audience,
      iat: now,
      exp: now + jwt.accessTokenTtlSeconds,
      jti: randomUUID(),
      client_id: jwt.clientId,
      roles,
      scope: scopesForRoles(roles).join(" "),
    };
    const header: JWTHeaderParameters = { alg: keys.signing.alg, kid: keys.signing.kid, typ: ACCESS_TOKEN_TYPE };
    const token = await new SignJWT(claims).setProtectedHeader(header).sign(keys.signing.key);
    return { token, claims, expiresIn: jwt.accessTokenTtlSeconds };
  };
}

function rejectionFor(error: unknown): TokenRejectedError {
  if (error instanceof TokenRejectedError) return error;
  if (error instanceof errors.JWTExpired) return new TokenRejectedError(TokenRejection.TOKEN_EXPIRED, error.message);
  if (error instanceof errors.JOSEError) return new TokenRejectedError(TokenRejection.TOKEN_INVALID, `${error.code}: ${error.message}`);
  // Anything else is a bug or an unexpected library failure: let it surface as an internal error.
  throw error;
}

/**
 * Built once at start. RFC 8725 §3: the algorithm is pinned, the key is
 * chosen by exact `kid` among our own keys only (never from `jwk`, `jku`,
 * `x5u` or `x5c` headers), and issuer, audience, type and lifetime are all
 * checked. After the signature, the claims are schema-checked.
 */
export function createAccessTokenVerifier(keys: KeySet, jwt: Config["jwt"]): AccessTokenVerifier {
  const algorithms = [keys.signing.alg];
  const getKey: JWTVerifyGetKey = (header) => {
    const key = typeof header.kid === "string" ? keys.verification.get(header.kid) : undefined;
    if (!key || key.alg !== header.alg) throw new errors.JWKSNoMatchingKey();
    return key.key;
  };
  const options = {
    algorithms,
    issuer: jwt.issuer,
    audience: jwt.audience,
    typ: ACCESS_TOKEN_TYPE,
    requiredClaims: ["iss", "sub", "aud", "exp", "iat", "jti"],
    clockTolerance: jwt.clockToleranceSeconds,
    maxTokenAge: jwt.accessTokenTtlSeconds + jwt.clockToleranceSeconds,
  };

  return async (token) => {
    if (!COMPACT_JWS.test(token)) throw new TokenRejectedError(TokenRejection.TOKEN_INVALID, "not a compact JWS");
    try {
      const { payload, protectedHeader } = await jwtVerify(token, getKey, options);
      // RFC 7797: jose honours `b64` only when `crit` lists it and silently ignores it otherwise, where
      // another parser may not. We never issue it, so it is refused in any form (catalogue 14).
      if (protectedHeader.b64 !== undefined) {
        throw new TokenRejectedError(TokenRejection.TOKEN_INVALID, "b64 header parameter is not accepted");
      }
      // The tolerance absorbs skew on `iat` and `nbf`; expiry itself is strict (catalogue 8: exp == now is expired).
      if (typeof payload.exp === "number" && payload.exp <= Date.now() / 1000) {
        throw new TokenRejectedError(TokenRejection.TOKEN_EXPIRED, "exp is not in the future");
      }
      const parsed = accessTokenClaimsSchema.safeParse(payload);
      if (!parsed.success) throw new TokenRejectedError(TokenRejection.TOKEN_INVALID, "claims fail the schema");
      return parsed.data as Claims;
    } catch (error) {
      throw rejectionFor(error);
    }
  };
}
