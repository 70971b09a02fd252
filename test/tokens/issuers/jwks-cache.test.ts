import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, type JWK } from "jose";
import { waitUntil } from "../../helpers/wait.js";
import { createJwksCache, type JwksCacheOptions } from "../../../src/tokens/issuers/jwks-cache.js";

// Issue 18: another provider's keys, from its JWKS over real HTTP, with a clock the test moves.

interface Provider {
  uri: string;
  keys: JWK[];
  fetches: number;
  /** What the next responses carry. */
  status: number;
  cacheControl: string | undefined;
  close(): Promise<void>;
}

let provider: Provider;
let server: Server;
beforeEach(async () => {
  const state = { keys: [] as JWK[], fetches: 0, status: 200, cacheControl: undefined as string | undefined };
  server = createServer((_request, response) => {
    state.fetches++;
    response.writeHead(state.status, { "content-type": "application/json", ...(state.cacheControl ? { "cache-control": state.cacheControl } : {}) });
    response.end(JSON.stringify({ keys: state.keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  provider = Object.assign(state, {
    uri: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }) as Provider;
});
afterEach(() => provider.close());

async function publicKey(alg: "RS256" | "ES256" | "EdDSA", kid: string, declareAlg = true): Promise<JWK> {
  const { publicKey: key } = await generateKeyPair(alg, { extractable: true });
  return { ...(await exportJWK(key)), kid, ...(declareAlg ? { alg } : {}) };
}

function cacheWithClock(options: Partial<JwksCacheOptions> = {}) {
  const clock = { now: 1_000_000 };
  const cache = createJwksCache({ uri: provider.uri, now: () => clock.now, minFreshMs: 60_000, cooldownMs: 30_000, ...options });
  return { cache, clock };
}

const noKey = { name: "JWKSNoMatchingKey" };

it("fetches once, then answers every known kid from memory", async () => {
  provider.keys = [await publicKey("RS256", "a"), await publicKey("ES256", "b")];
  const { cache } = cacheWithClock();
  for (let i = 0; i < 1_000; i++) await cache.getKey({ alg: i % 2 ? "RS256" : "ES256", kid: i % 2 ? "a" : "b" });
  expect(provider.fetches).toBe(1);
});

it("a rotation at the provider: a new kid causes exactly one refetch", async () => {
  provider.keys = [await publicKey("RS256", "old")];
  const { cache, clock } = cacheWithClock();
  await cache.getKey({ alg: "RS256", kid: "old" });
  provider.keys.push(await publicKey("RS256", "new"));
  clock.now += 30_000;
  await Promise.all(Array.from({ length: 50 }, () => cache.getKey({ alg: "RS256", kid: "new" })));
  expect(provider.fetches).toBe(2);
});

it("1,000 tokens with random kids: at most one fetch per cooldown", async () => {
  provider.keys = [await publicKey("RS256", "a")];
  const { cache, clock } = cacheWithClock();
  await cache.getKey({ alg: "RS256", kid: "a" });
  clock.now += 30_000;
  const forged = Array.from({ length: 1_000 }, (_, i) => cache.getKey({ alg: "RS256", kid: `forged-${i}` }).catch((error: Error) => error.name));
  expect(new Set(await Promise.all(forged))).toEqual(new Set(["JWKSNoMatchingKey"]));
  expect(provider.fetches).toBe(2);
  await expect(cache.getKey({ alg: "RS256", kid: "forged-again" })).rejects.toMatchObject(noKey);
  expect(provider.fetches).toBe(2);
});

it("the provider down: known keys keep working, and it is asked again at most once per cooldown", async () => {
  provider.keys = [await publicKey("ES256", "a")];
  const { cache, clock } = cacheWithClock();
  await cache.getKey({ alg: "ES256", kid: "a" });
  provider.status = 503;
  clock.now += 61_000;
  for (let i = 0; i < 100; i++) await cache.getKey({ alg: "ES256", kid: "a" });
  // The refresh runs in the background: wait for it to reach the provider.
  expect(await waitUntil(() => provider.fetches === 2, 5_000)).toBe(true);
  clock.now += 30_000;
  await cache.getKey({ alg: "ES256", kid: "a" });
  // The refresh runs in the background: wait for it to reach the provider.
  expect(await waitUntil(() => provider.fetches === 3, 5_000)).toBe(true);
});

it("keeps a key set as long as Cache-Control says, within the floor and the ceiling", async () => {
  provider.keys = [await publicKey("ES256", "a")];
  provider.cacheControl = "public, max-age=600";
  const { cache, clock } = cacheWithClock({ maxFreshMs: 300_000 });
  await cache.getKey({ alg: "ES256", kid: "a" });
  clock.now += 299_000;
  await cache.getKey({ alg: "ES256", kid: "a" });
  expect(provider.fetches).toBe(1);
  clock.now += 2_000;
  await cache.getKey({ alg: "ES256", kid: "a" });
  // The refresh runs in the background: wait for it to reach the provider.
  expect(await waitUntil(() => provider.fetches === 2, 5_000)).toBe(true);
});

it("pins each key's algorithm: declared, or implied by its type; never HS*", async () => {
  const secret: JWK = { kty: "oct", k: "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA", kid: "hmac", alg: "HS256" };
  provider.keys = [await publicKey("RS256", "rsa", false), await publicKey("EdDSA", "ed", false), secret];
  const { cache } = cacheWithClock();
  await expect(cache.getKey({ alg: "RS256", kid: "rsa" })).resolves.toBeDefined();
  await expect(cache.getKey({ alg: "PS256", kid: "rsa" })).rejects.toMatchObject(noKey);
  await expect(cache.getKey({ alg: "EdDSA", kid: "ed" })).resolves.toBeDefined();
  await expect(cache.getKey({ alg: "HS256", kid: "hmac" })).rejects.toMatchObject(noKey);
});

it("an issuer's algorithms narrow what its keys may be used for", async () => {
  provider.keys = [await publicKey("RS256", "rsa"), await publicKey("ES256", "ec")];
  const { cache } = cacheWithClock({ algorithms: ["ES256"] });
  await expect(cache.getKey({ alg: "ES256", kid: "ec" })).resolves.toBeDefined();
  await expect(cache.getKey({ alg: "RS256", kid: "rsa" })).rejects.toMatchObject(noKey);
});

it("refuses a key set that publishes a private key, and keeps the last good one", async () => {
  provider.keys = [await publicKey("ES256", "a")];
  const { cache, clock } = cacheWithClock();
  await cache.getKey({ alg: "ES256", kid: "a" });
  const { privateKey } = await generateKeyPair("ES256", { extractable: true });
  provider.keys = [{ ...(await exportJWK(privateKey)), kid: "b", alg: "ES256" }];
  clock.now += 30_000;
  await expect(cache.getKey({ alg: "ES256", kid: "b" })).rejects.toMatchObject(noKey);
  await expect(cache.getKey({ alg: "ES256", kid: "a" })).resolves.toBeDefined();
});
