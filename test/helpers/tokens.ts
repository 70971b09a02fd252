import { readFileSync } from "node:fs";
import path from "node:path";
import { importJWK, SignJWT, type JWK, type JWTHeaderParameters, type JWTPayload } from "jose";
import type { Config } from "../../src/config.js";

/** The server's own private signing JWK, read from its data directory (development key storage). */
export function serverSigningJwk(config: Config): JWK {
  const file = path.join(config.dataDir, "keys", `${config.jwt.algorithm.toLowerCase()}-signing-keys.json`);
  return (JSON.parse(readFileSync(file, "utf8")) as { keys: JWK[] }).keys[0]!;
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
