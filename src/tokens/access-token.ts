import { randomUUID } from "node:crypto";
import { SignJWT, type JWTHeaderParameters } from "jose";
import type { Config } from "../config.js";
import type { Claims } from "./claims.js";
import { customClaimsFor, type ClaimSource } from "./custom-claims.js";
import type { KeyRing } from "./keys.js";
import type { Role } from "./role.js";
import { scopesForRoles } from "./scopes.js";

/** RFC 9068 §2.1: the media type of a JWT access token. */
export const ACCESS_TOKEN_TYPE = "at+jwt";

export interface IssuedAccessToken {
  token: string;
  claims: Claims;
  expiresIn: number;
}

/** Whom a token is issued to: an account as the database holds it (a User record fits). */
export interface TokenSubject extends ClaimSource {
  _id: { toString(): string };
  roles: readonly string[];
}

/** RFC 9449 §6: `boundKey`, a DPoP key's thumbprint, binds the token to that key (`cnf.jkt`). */
export type AccessTokenIssuer = (user: TokenSubject, options?: { boundKey?: string }) => Promise<IssuedAccessToken>;

export function createAccessTokenIssuer(keys: KeyRing, jwt: Config["jwt"]): AccessTokenIssuer {
  return async (user, options = {}) => {
    const signing = keys.current.signing;
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
      ...(options.boundKey && { cnf: { jkt: options.boundKey } }),
    };
    const header: JWTHeaderParameters = { alg: signing.alg, kid: signing.kid, typ: ACCESS_TOKEN_TYPE };
    const token = await new SignJWT(claims).setProtectedHeader(header).sign(signing.key);
    return { token, claims, expiresIn: jwt.accessTokenTtlSeconds };
  };
}
