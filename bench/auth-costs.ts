import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { generateKeyPair, jwtVerify, SignJWT } from "jose";
import mongoose from "mongoose";
import { createAccessTokenIssuer } from "../src/tokens/access-token.js";
import { createAccessTokenVerifier, localKeys } from "../src/tokens/verify-access-token.js";
import { loadKeySet, staticKeyRing } from "../src/tokens/keys.js";
import { hashPassword, verifyPassword } from "../src/accounts/passwords.js";
import { Role } from "../src/tokens/role.js";
import { loadConfig } from "../src/config.js";
import type { UserRecord } from "../src/users/user.model.js";

/**
 * What authentication costs, measured in-process: verifying one access token
 * (what every request pays) and checking one password (what signIn pays).
 * `npm run bench:auth`.
 */

/** Mean µs per call of `run`, after a warm-up. */
async function microsPer(runs: number, run: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < runs / 10; i++) await run();
  const start = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) await run();
  return Number(process.hrtime.bigint() - start) / runs / 1_000;
}
const config = loadConfig({ NODE_ENV: "test", DATA_DIR: `/tmp/tessera-bench-${randomBytes(4).toString("hex")}` });
for (const algorithm of ["ES256", "EdDSA"] as const) {
  const jwt = { ...config.jwt, algorithm };
  const keys = staticKeyRing(await loadKeySet({ ...config, jwt }));
  const issue = createAccessTokenIssuer(keys, jwt);
  const verify = createAccessTokenVerifier({ ...jwt, getKey: localKeys(keys), algorithm });
  const user = { _id: new mongoose.Types.ObjectId(), roles: [Role.USER], plan: "free" } as unknown as UserRecord;
  const { token } = await issue(user);

  const verifyMicros = await microsPer(5_000, () => verify(token));
  const issueMicros = await microsPer(1_000, () => issue(user));
  console.log(`${algorithm}: verify ${verifyMicros.toFixed(1)} µs per token, issue ${issueMicros.toFixed(1)} µs per token`);
}

// Other providers sign with RSA more often than not (Auth0, Entra ID, Cognito, Keycloak's default): the signature
// check alone, with jose, for the algorithms a trusted issuer may use.
const KEY_TYPES = { RS256: "RSA 2048", PS256: "RSA 2048", ES256: "P-256", EdDSA: "Ed25519" } as const;
for (const [algorithm, keyType] of Object.entries(KEY_TYPES)) {
  const { privateKey, publicKey } = await generateKeyPair(algorithm);
  const token = await new SignJWT({ sub: "someone" }).setProtectedHeader({ alg: algorithm }).setIssuedAt().setExpirationTime("1h").sign(privateKey);
  const micros = await microsPer(5_000, () => jwtVerify(token, publicKey, { algorithms: [algorithm] }));
  console.log(`${algorithm} (${keyType}), signature check alone: ${micros.toFixed(1)} µs per token`);
}

const hash = await hashPassword("correct horse battery staple");
const checks = 20;
const start = process.hrtime.bigint();
for (let i = 0; i < checks; i++) await verifyPassword(hash, "correct horse battery staple");
console.log(`argon2id (m=19456, t=2, p=1): ${(Number(process.hrtime.bigint() - start) / checks / 1e6).toFixed(1)} ms per password check`);
rmSync(config.dataDir, { recursive: true, force: true });
