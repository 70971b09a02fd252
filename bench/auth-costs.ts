import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
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
const config = loadConfig({ NODE_ENV: "test", DATA_DIR: `/tmp/tessera-bench-${randomBytes(4).toString("hex")}` });
for (const algorithm of ["ES256", "EdDSA"] as const) {
  const jwt = { ...config.jwt, algorithm };
  const keys = staticKeyRing(await loadKeySet({ ...config, jwt }));
  const issue = createAccessTokenIssuer(keys, jwt);
  const verify = createAccessTokenVerifier({ ...jwt, getKey: localKeys(keys), algorithm });
  const user = { _id: new mongoose.Types.ObjectId(), roles: [Role.USER], plan: "free" } as unknown as UserRecord;
  const { token } = await issue(user);

  const runs = 5_000;
  for (let i = 0; i < 500; i++) await verify(token);
  let start = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) await verify(token);
  const verifyMicros = Number(process.hrtime.bigint() - start) / runs / 1_000;
  start = process.hrtime.bigint();
  for (let i = 0; i < runs / 5; i++) await issue(user);
  const issueMicros = Number(process.hrtime.bigint() - start) / (runs / 5) / 1_000;
  console.log(`${algorithm}: verify ${verifyMicros.toFixed(1)} µs per token, issue ${issueMicros.toFixed(1)} µs per token`);
}

const hash = await hashPassword("correct horse battery staple");
const checks = 20;
const start = process.hrtime.bigint();
for (let i = 0; i < checks; i++) await verifyPassword(hash, "correct horse battery staple");
console.log(`argon2id (m=19456, t=2, p=1): ${(Number(process.hrtime.bigint() - start) / checks / 1e6).toFixed(1)} ms per password check`);
rmSync(config.dataDir, { recursive: true, force: true });
