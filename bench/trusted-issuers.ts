import { generateKeyPairSync, randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { mkdtempSync, rmSync } from "node:fs";
import { exportJWK, SignJWT } from "jose";
import mongoose from "mongoose";
import { loadConfig } from "../src/config.js";
import { createLogger } from "../src/logger.js";
import { startTessera } from "../src/tessera.js";
import { createAccessTokenIssuer } from "../src/tokens/access-token.js";
import { loadKeySet, staticKeyRing } from "../src/tokens/keys.js";
import { Role } from "../src/tokens/role.js";
import type { UserRecord } from "../src/users/user.model.js";

/**
 * Another provider's tokens through the real server: how often its keys are fetched, what is served while it is
 * down, and what a first sight of an RS256 token costs against one of our ES256 ones. `npm run bench:issuers`.
 */

const REQUESTS = 10_000;
const CONCURRENCY = 20;
const AUDIENCE = "tessera-api";

// The provider: RS256 keys served from a JWKS on loopback, cacheable for five minutes, as most providers' are.
const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const kid = randomUUID();
const jwk = { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" };
let jwksFetches = 0;
let providerDown = false;
const provider = createServer((request, response) => {
  if (providerDown) return void request.socket.destroy();
  jwksFetches++;
  response.writeHead(200, { "content-type": "application/json", "cache-control": "max-age=300" }).end(JSON.stringify({ keys: [jwk] }));
});
await new Promise<void>((resolve) => provider.listen(0, "127.0.0.1", resolve));
const issuer = `http://127.0.0.1:${(provider.address() as AddressInfo).port}/realms/bench`;

const dataDir = mkdtempSync(path.join(os.tmpdir(), "tessera-bench-issuers-"));
const config = loadConfig({
  NODE_ENV: "development",
  DATA_DIR: dataDir,
  PORT: "0",
  HOST: "127.0.0.1",
  LOG_LEVEL: "warn",
  LOG_FORMAT: "json",
  METRICS_PORT: "off",
  RATE_LIMITS: "false",
  SEED_DEMO_POSTS: "false",
  TRUSTED_ISSUERS: JSON.stringify([{ issuer, audience: AUDIENCE, jwksUri: `${issuer.replace(/\/realms.*/, "")}/jwks`, roles: { default: "USER" }, linkUsers: false }]),
});
const tessera = await startTessera(config, createLogger(config));
const url = `http://127.0.0.1:${tessera.port}/graphql`;

const now = () => Math.floor(Date.now() / 1000);
const externalToken = (sub: string, header: { kid: string } = { kid }) =>
  new SignJWT({ iss: issuer, aud: AUDIENCE, sub, iat: now(), exp: now() + 900, scope: "posts:read" })
    .setProtectedHeader({ alg: "RS256", typ: "JWT", ...header })
    .sign(privateKey);
const issueOwn = createAccessTokenIssuer(staticKeyRing(await loadKeySet(config)), config.jwt);
const ownToken = async () =>
  (await issueOwn({ _id: new mongoose.Types.ObjectId(), roles: [Role.USER], plan: "free" } as unknown as UserRecord)).token;

const body = JSON.stringify({ query: "{ viewer { id roles } }" });
/** Sends every token once, CONCURRENCY at a time; returns how many were answered 200 and the requests per second. */
async function drive(tokens: string[]): Promise<{ served: number; perSecond: number }> {
  let next = 0;
  let served = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < tokens.length) {
        const token = tokens[next++]!;
        const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body });
        await response.arrayBuffer();
        if (response.status === 200) served++;
      }
    }),
  );
  return { served, perSecond: tokens.length / ((performance.now() - started) / 1000) };
}

const lines: string[] = [];
try {
  // Warm: the key set is fetched once at start; the first request makes sure it has arrived.
  await drive([await externalToken("warm-up")]);
  const distinct = await Promise.all(Array.from({ length: 100 }, (_, i) => externalToken(`user-${i}`)));
  const repeated = Array.from({ length: REQUESTS }, (_, i) => distinct[i % distinct.length]!);

  let before = jwksFetches;
  const steady = await drive(repeated);
  lines.push(`JWKS fetches per ${REQUESTS} requests (100 users, each token sent 100 times): ${jwksFetches - before} (${steady.perSecond.toFixed(0)} requests/s)`);

  const fresh = await Promise.all(Array.from({ length: REQUESTS }, (_, i) => externalToken(`fresh-${i}`)));
  before = jwksFetches;
  const rs256 = await drive(fresh);
  lines.push(`JWKS fetches per ${REQUESTS} requests, every token new (a full RS256 check each): ${jwksFetches - before}`);
  const own = await drive(await Promise.all(Array.from({ length: REQUESTS }, ownToken)));
  lines.push(`first sight of a token, end to end: RS256 (another provider) ${rs256.perSecond.toFixed(0)} requests/s, ES256 (ours) ${own.perSecond.toFixed(0)} requests/s`);

  providerDown = true;
  const down = await drive(repeated);
  const forged = await drive(await Promise.all(Array.from({ length: 100 }, () => externalToken("forger", { kid: randomUUID() }))));
  lines.push(`with the provider down: ${down.served} of ${REQUESTS} requests served (tokens signed with known keys); ${forged.served} of 100 with unknown kids`);
} finally {
  await tessera.stop();
  provider.close();
  rmSync(dataDir, { recursive: true, force: true });
}
console.log(`Trusted issuers (${os.cpus().length} cores, ${CONCURRENCY} requests in flight):`);
for (const line of lines) console.log(`  ${line}`);
