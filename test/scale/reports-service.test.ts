import http from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from "jose";
import { startReportsService, type ReportsService, type ReportsServiceOptions } from "../../examples/reports-service/server.js";
import { signIn } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

// examples/reports-service verifies Tessera's access tokens offline: keys from Tessera's JWKS through jose's
// createRemoteJWKSet, decisions from claims. A counting proxy on loopback stands between the service and
// Tessera's /.well-known/jwks.json, so every JWKS fetch the service makes is counted.

const ISSUER = "http://tessera.reports.test";
const AUDIENCE = "tessera";
const KID = "reports-test-key";

let tessera: TestServer;
let tesseraKey: CryptoKey;
let userToken: string;
let editorToken: string;
let userId: string;
const closers: Array<() => Promise<void>> = [];

interface CountingProxy {
  url: string;
  fetches(): number;
}

/** A loopback HTTP server that forwards GET /.well-known/jwks.json to Tessera and counts each one. */
async function countingProxy(target: string): Promise<CountingProxy> {
  let count = 0;
  const server = http.createServer((request, response) => {
    if (request.method !== "GET" || request.url !== "/.well-known/jwks.json") {
      response.writeHead(404).end();
      return;
    }
    count++;
    fetch(`${target}/.well-known/jwks.json`)
      .then(async (upstream) => {
        response.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/json" });
        response.end(await upstream.text());
      })
      .catch(() => response.writeHead(502).end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`, fetches: () => count };
}

async function reportsService(jwksUrl: string, options: Partial<ReportsServiceOptions> = {}): Promise<ReportsService> {
  const service = await startReportsService({ jwksUrl, issuer: ISSUER, audience: AUDIENCE, port: 0, ...options });
  closers.push(() => service.close());
  return service;
}

function summary(service: ReportsService, token?: string): Promise<Response> {
  return fetch(`${service.origin}/reports/summary`, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });
}

/** Runs `count` calls, `concurrency` at a time. */
async function inBatches<T>(count: number, concurrency: number, call: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < count; start += concurrency) {
    results.push(...(await Promise.all(Array.from({ length: Math.min(concurrency, count - start) }, (_, j) => call(start + j)))));
  }
  return results;
}

/** A token with Tessera's claims shape, signed by `key` under `kid`. */
function forge(key: CryptoKey, kid: string, claims: JWTPayload = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    iss: ISSUER,
    aud: AUDIENCE,
    sub: userId,
    iat: now,
    exp: now + 300,
    client_id: "tessera",
    roles: ["EDITOR"],
    scope: "profile posts:read posts:write posts:review",
    plan: "free",
    jti: `forged-${Math.random().toString(36).slice(2)}`,
    ...claims,
  })
    .setProtectedHeader({ alg: "ES256", typ: "at+jwt", kid })
    .sign(key);
}

beforeAll(async () => {
  // Tessera signs with a key this test holds, so it can also mint tokens Tessera would never issue (no scope, expired).
  const { privateKey } = await generateKeyPair("ES256", { extractable: true });
  tesseraKey = privateKey;
  const jwk = { ...(await exportJWK(privateKey)), kid: KID, alg: "ES256", use: "sig" };
  tessera = await startTestServer({ JWT_ISSUER: ISSUER, JWT_SIGNING_KEY: JSON.stringify(jwk) });
  const user = await signIn(tessera.url, "user@tessera.dev", "tessera-demo");
  userToken = user.accessToken;
  userId = user.user.id;
  editorToken = (await signIn(tessera.url, "editor@tessera.dev", "tessera-demo")).accessToken;
});
afterAll(async () => {
  await Promise.all(closers.map((close) => close()));
  await tessera?.stop();
});

describe("authorization from claims", () => {
  let service: ReportsService;
  beforeAll(async () => {
    service = await reportsService(`${tessera.origin}/.well-known/jwks.json`);
  });

  it("serves the summary to a USER token with posts:read, without the editorial fields", async () => {
    const response = await summary(service, userToken);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ report: "summary", viewer: { id: userId, roles: ["USER"] }, publishedPosts: expect.any(Number) });
    expect(body).not.toHaveProperty("draftPosts");
    expect(body).not.toHaveProperty("awaitingReview");
  });

  it("adds the editorial fields for an EDITOR token", async () => {
    const response = await summary(service, editorToken);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ viewer: { roles: ["EDITOR"] }, draftPosts: expect.any(Number), awaitingReview: expect.any(Number) });
  });

  it("answers 401 with a bare Bearer challenge when there is no token", async () => {
    const response = await summary(service);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="tessera-reports"');
  });

  // The control for the forged tokens below: with nothing broken, a token minted with Tessera's key is accepted,
  // so each 401 comes from the one thing its case breaks.
  it("accepts a token minted with Tessera's key and Tessera's claims shape", async () => {
    expect((await summary(service, await forge(tesseraKey, KID))).status).toBe(200);
  });

  it.each([
    ["tampered", async () => `${userToken.slice(0, -6)}AAAAAA`],
    ["expired", () => forge(tesseraKey, KID, { exp: Math.floor(Date.now() / 1000) - 60 })],
    ["from another issuer", () => forge(tesseraKey, KID, { iss: "http://elsewhere.test" })],
    ["for another audience", () => forge(tesseraKey, KID, { aud: "another-api" })],
    ["signed by an unknown key", async () => forge((await generateKeyPair("ES256")).privateKey, "attacker")],
    ["not a JWT", async () => "not-a-token"],
  ])("answers 401 invalid_token with a WWW-Authenticate challenge for a token %s", async (_name, token) => {
    const response = await summary(service, await token());
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer realm="tessera-reports", error="invalid_token"/);
    expect(await response.json()).toMatchObject({ error: "invalid_token" });
  });

  it("answers 403 insufficient_scope for a valid token without posts:read", async () => {
    const response = await summary(service, await forge(tesseraKey, KID, { roles: ["EDITOR"], scope: "profile" }));
    expect(response.status).toBe(403);
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="tessera-reports", error="insufficient_scope", scope="posts:read"');
  });

  it("answers 503, not 401, when the JWKS cannot be fetched", async () => {
    const closed = await reportsService("http://127.0.0.1:1/.well-known/jwks.json");
    const response = await summary(closed, userToken);
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
  });
});

describe("JWKS fetches", () => {
  it("fetches the JWKS once for 200 requests with known keys", async () => {
    const proxy = await countingProxy(tessera.origin);
    const service = await reportsService(proxy.url, { cooldownDuration: 30_000 });
    const statuses = await inBatches(200, 20, async (i) => (await summary(service, i % 2 ? userToken : editorToken)).status);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    console.log(`reports service: 200 requests with known keys, ${proxy.fetches()} JWKS fetch(es)`);
    expect(proxy.fetches()).toBe(1);
  });

  it("refetches at most once per cooldown (30 s) for a flood of 300 tokens with unknown kids", async () => {
    const proxy = await countingProxy(tessera.origin);
    const service = await reportsService(proxy.url, { cooldownDuration: 30_000 });
    expect((await summary(service, userToken)).status).toBe(200);
    const before = proxy.fetches();

    const attacker = (await generateKeyPair("ES256")).privateKey;
    const tokens = await Promise.all(Array.from({ length: 300 }, (_, i) => forge(attacker, `attacker-${i}`)));
    const started = Date.now();
    const responses = await inBatches(300, 50, (i) => summary(service, tokens[i]));
    const elapsed = Date.now() - started;
    console.log(`reports service: 300 unknown-kid tokens in ${elapsed} ms, ${proxy.fetches() - before} extra JWKS fetch(es) (cooldown 30 s)`);

    expect(elapsed).toBeLessThan(30_000);
    expect(responses.map((r) => r.status).filter((status) => status !== 401)).toEqual([]);
    expect(responses.every((r) => /error="invalid_token"/.test(r.headers.get("www-authenticate") ?? ""))).toBe(true);
    expect(proxy.fetches() - before).toBeLessThanOrEqual(1);
    // The flood cost the known key nothing: still verified, from the cache.
    expect((await summary(service, editorToken)).status).toBe(200);
    expect(proxy.fetches() - before).toBeLessThanOrEqual(1);
  });

  it("with a 300 ms cooldown, an unknown-kid flood of 1.5 s refetches, but never more than once per window", async () => {
    const proxy = await countingProxy(tessera.origin);
    const cooldown = 300;
    const service = await reportsService(proxy.url, { cooldownDuration: cooldown });
    const attacker = (await generateKeyPair("ES256")).privateKey;
    const tokens = await Promise.all(Array.from({ length: 20 }, (_, i) => forge(attacker, `attacker-${i}`)));

    const started = Date.now();
    let requests = 0;
    const statuses = new Set<number>();
    await Promise.all(
      Array.from({ length: 10 }, async (_, worker) => {
        while (Date.now() - started < 1_500) {
          statuses.add((await summary(service, tokens[(requests++ + worker) % tokens.length])).status);
        }
      }),
    );
    const elapsed = Date.now() - started;
    console.log(`reports service: ${requests} unknown-kid requests in ${elapsed} ms, ${proxy.fetches()} JWKS fetches (cooldown ${cooldown} ms)`);

    expect([...statuses]).toEqual([401]);
    // The first fetch, then at most one per cooldown window that has passed (the proxy is thereby shown to count refetches).
    expect(proxy.fetches()).toBeGreaterThanOrEqual(2);
    expect(proxy.fetches()).toBeLessThanOrEqual(1 + Math.ceil(elapsed / cooldown));
  });
});
