import { createHash, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import os from "node:os";
import autocannon from "autocannon";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from "jose";
import { startBuiltApi } from "./built-api.js";

/**
 * `viewer` with a DPoP-bound token against `viewer` with a bearer token, on the built API in its own process:
 * the cost of checking one proof per request (issue 19's target: DPoP at least 0.7x Bearer's requests per
 * second). Proofs are made ahead of each window, one per request, since each is accepted once.
 * `npm run bench:dpop`.
 */

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const DURATION_SECONDS = Number(process.env.BENCH_DURATION ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const VIEWER = JSON.stringify({ query: "{ viewer { id roles } }" });

const api = await startBuiltApi("dpop");
const { url } = api;

try {
  const { privateKey, publicKey } = await generateKeyPair("ES256");
  const jwk = await exportJWK(publicKey);
  const proof = (claims: Record<string, unknown>) =>
    new SignJWT({ jti: randomUUID(), iat: Math.floor(Date.now() / 1000), htm: "POST", htu: url, ...claims })
      .setProtectedHeader({ alg: "ES256", typ: "dpop+jwt", jwk })
      .sign(privateKey as CryptoKey);
  const signIn = async (headers: Record<string, string>) => {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ query: 'mutation { signIn(email: "user@tessera.dev", password: "tessera-demo") { accessToken tokenType } }' }),
    });
    return ((await response.json()) as { data: { signIn: { accessToken: string; tokenType: string } } }).data.signIn;
  };
  const bearer = await signIn({});
  const bound = await signIn({ dpop: await proof({}) });
  if (bound.tokenType !== "DPoP") throw new Error("the API issued no DPoP token");
  const ath = createHash("sha256").update(bound.accessToken).digest("base64url");

  /** The API process's CPU seconds so far (user + system), from /proc. */
  const cpuSeconds = () => {
    const fields = readFileSync(`/proc/${api.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  };
  const window = async (headers: Record<string, string>, proofs?: string[]) => {
    let next = 0;
    const cpuBefore = cpuSeconds();
    const result = await autocannon({
      url,
      connections: CONNECTIONS,
      duration: DURATION_SECONDS,
      requests: [
        {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body: VIEWER,
          // Both windows build each request the same way, so the load generator costs the same in both.
          setupRequest: (request: autocannon.Request) =>
            proofs ? { ...request, headers: { ...request.headers, dpop: proofs[next++ % proofs.length]! } } : { ...request, headers: { ...request.headers } },
        },
      ],
    });
    // Checked first: a proof used twice is refused, which would show as non-2xx answers.
    if (proofs && next > proofs.length) throw new Error("ran out of proofs: raise the estimate");
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`${result.non2xx} non-2xx answers, ${result.errors} errors`);
    return { perSecond: result.requests.average, cpuMicros: ((cpuSeconds() - cpuBefore) / result.requests.total) * 1e6 };
  };

  const bearerWindows: Array<{ perSecond: number; cpuMicros: number }> = [];
  const dpopWindows: Array<{ perSecond: number; cpuMicros: number }> = [];
  for (let round = 0; round < ROUNDS; round++) {
    bearerWindows.push(await window({ authorization: `Bearer ${bearer.accessToken}` }));
    // One proof per request, made just before the window (each is good for a minute and accepted once).
    const needed = Math.ceil(Math.max(...bearerWindows.map((w) => w.perSecond)) * DURATION_SECONDS * 2);
    const proofs = await Promise.all(Array.from({ length: needed }, () => proof({ ath })));
    dpopWindows.push(await window({ authorization: `DPoP ${bound.accessToken}` }, proofs));
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const describe = (windows: typeof bearerWindows) =>
    `${windows.map((w) => w.perSecond.toFixed(0)).join(", ")} requests/s (median ${median(windows.map((w) => w.perSecond)).toFixed(0)}), ` +
    `API CPU ${median(windows.map((w) => w.cpuMicros)).toFixed(0)} µs per request`;
  const ratio = median(dpopWindows.map((w) => w.perSecond)) / median(bearerWindows.map((w) => w.perSecond));
  console.log(`viewer, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${DURATION_SECONDS} s (${os.cpus().length} cores, ${os.cpus()[0]?.model ?? "?"}):`);
  console.log(`  Bearer: ${describe(bearerWindows)}`);
  console.log(`  DPoP:   ${describe(dpopWindows)}`);
  console.log(`  DPoP / Bearer, requests per second: ${ratio.toFixed(2)} (target: at least 0.70)`);
} finally {
  await api.stop();
}
