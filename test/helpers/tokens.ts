import { importJWK, SignJWT, type JWK, type JWTHeaderParameters, type JWTPayload } from "jose";
import { keysInEffect, readKeyFile } from "../../src/tokens/key-file.js";
import { keyFilePath } from "../../src/tokens/keys.js";
import type { Config } from "../../src/config.js";

/** The server's own active private signing JWK, read from its key file (development key storage). */
export function serverSigningJwk(config: Config): JWK {
  const { active } = keysInEffect(readKeyFile(keyFilePath(config))!, Math.floor(Date.now() / 1000));
  const { status: _status, notAfter: _notAfter, ...jwk } = active;
  return jwk;
}

/** Claims exactly like the server's, for a subject, that tests then break one at a time. */
export function validClaims(config: Config, sub: string, overrides: JWTPayload = {}): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: config.jwt.issuer,
    aud: config.jwt.audience,
    sub,
    iat: now,
    exp: now + 300,
    jti: `test-${now}-${Math.random()}`,
    client_id: config.jwt.clientId,
    roles: ["USER"],
    scope: "profile posts:read posts:write",
    plan: "free",
    ...overrides,
  };
}

/** Signs with the server's real key; header fields may be overridden to forge. */
export async function signWithServerKey(
  config: Config,
  payload: JWTPayload,
  header: Partial<JWTHeaderParameters> = {},
): Promise<string> {
  const jwk = serverSigningJwk(config);
  const key = await importJWK(jwk, jwk.alg);
  return new SignJWT(payload).setProtectedHeader({ alg: jwk.alg!, kid: jwk.kid, typ: "at+jwt", ...header }).sign(key);
}
