import { performance } from "node:perf_hooks";
import { freshDataDir } from "../helpers/process.js";
import { graphql, REFRESH, SIGN_IN, signIn, signUp, type GraphQLResponse } from "../helpers/graphql.js";
import { dpopKey } from "../helpers/dpop.js";
import { fleetEnvironment, quantile, startFleet } from "../helpers/instances.js";
import { startLocalIssuer, type LocalIssuer } from "../helpers/jwks-server.js";
import { sleep, waitUntil } from "../helpers/wait.js";
import type { ApiProcess } from "../helpers/process.js";

// Revocation faster than expiry, across processes. With REDIS_URL, a revocation made on one instance is
// pushed to the others by pub/sub; the database resync is set to a minute here, so it cannot be what
// makes them learn it in time. Without a reachable Redis, the documented choice: requests never fail
// because of it, and revocations reach the other instances by the resync, within REVOCATION_RESYNC_MS.

const REDIS_URL = process.env.TESSERA_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const TRIALS = 20;
const POLL_EVERY_MS = 10;
const GIVE_UP_MS = 5_000;

const VIEWER_ID = /* GraphQL */ `query { viewer { id } }`;
/** What clients address the fleet as (PUBLIC_URL): one URL in front of every instance. */
const BALANCED_URL = "https://api.tessera.test/graphql";
const ME = /* GraphQL */ `query { me { id } }`;
const REVOKE = /* GraphQL */ `mutation ($userId: ID!) { revokeSessions(userId: $userId) }`;
const SIGN_OUT_EVERYWHERE = /* GraphQL */ `mutation ($refreshToken: String!) { signOut(refreshToken: $refreshToken, everywhere: true) }`;
const CREATE_POST = /* GraphQL */ `mutation ($input: CreatePostInput!) { createPost(input: $input) { id } }`;

const databaseUri = (name: string) => `${process.env.TESSERA_TEST_MONGODB_URI}/${name}_${Date.now().toString(36)}`;

function isRevoked(response: GraphQLResponse): boolean {
  return response.status === 401 && response.body.errors?.[0]?.extensions?.reason === "TOKEN_REVOKED";
}

function ok(response: GraphQLResponse): Record<string, any> {
  if (response.status !== 200 || response.body.errors) throw new Error(`${response.status} ${JSON.stringify(response.body)}`);
  return response.body.data!;
}

/** Polls `api` with `token` every ~10 ms; resolves with the ms from `since` until it answers 401 TOKEN_REVOKED. */
async function untilRevoked(api: ApiProcess, token: string, since: number): Promise<number> {
  while (performance.now() - since < GIVE_UP_MS) {
    const sent = performance.now();
    const response = await graphql(api.url, VIEWER_ID, {}, { token });
    if (isRevoked(response)) return performance.now() - since;
    if (response.status !== 200) throw new Error(`${api.origin}: ${response.status} ${JSON.stringify(response.body)}`);
    await sleep(Math.max(0, POLL_EVERY_MS - (performance.now() - sent)));
  }
  return Infinity;
}


describe("with Redis: three instances", () => {
  let fleet: ApiProcess[] = [];
  /** Another provider, trusted by the fleet, whose linked users are revoked and barred like ours. */
  let provider: LocalIssuer;
  beforeAll(async () => {
    provider = await startLocalIssuer("tessera-api");
    fleet = await startFleet(
      3,
      fleetEnvironment({
        DATA_DIR: freshDataDir(),
        MONGODB_URI: databaseUri("scale_revocation"),
        REDIS_URL,
        REVOCATION_RESYNC_MS: "60000",
        // Limits would count in the shared Redis under 127.0.0.1: not this file's subject.
        RATE_LIMITS: "false",
        // As behind a load balancer: every instance is addressed by one URL, which DPoP proofs name.
        PUBLIC_URL: BALANCED_URL,
        TRUSTED_ISSUERS: JSON.stringify([{ issuer: provider.issuer, audience: "tessera-api", jwksUri: provider.jwksUri, roles: { default: "USER" } }]),
      }),
    );
  }, 60_000);
  afterAll(async () => {
    await Promise.all(fleet.map((api) => api.stop()));
    await provider?.stop();
  });

  it("accepts a DPoP proof on one instance only: the replay cache is shared through Redis", async () => {
    const [a, b, c] = fleet as [ApiProcess, ApiProcess, ApiProcess];
    const key = await dpopKey();
    const signInProof = await key.proof({ htm: "POST", htu: BALANCED_URL });
    const signedIn = await graphql(a.url, SIGN_IN, { email: "user@tessera.dev", password: "tessera-demo" }, { headers: { dpop: signInProof } });
    const token = signedIn.body.data!.signIn.accessToken as string;
    const proof = await key.proof({ htm: "POST", htu: BALANCED_URL, accessToken: token });
    const headers = { authorization: `DPoP ${token}`, dpop: proof };
    expect(ok(await graphql(b.url, VIEWER_ID, {}, { headers })).viewer.id).toEqual(expect.any(String));
    for (const api of [a, c]) {
      const replayed = await graphql(api.url, VIEWER_ID, {}, { headers });
      expect(replayed.status).toBe(401);
      expect(replayed.body.errors?.[0]?.extensions?.reason).toBe("DPOP_PROOF_INVALID");
    }
  });

  it("bars a linked user disabled on one instance on the others, fresh tokens from its provider too, until enabled", async () => {
    const [a, b, c] = fleet as [ApiProcess, ApiProcess, ApiProcess];
    const SET_DISABLED = "mutation($id: ID!, $disabled: Boolean!) { setUserDisabled(userId: $id, disabled: $disabled) { id } }";
    const nextSecond = () => sleep(1_000 - (Date.now() % 1_000) + 20);
    const admin = (await signIn(b.url, "admin@tessera.dev", "tessera-demo")).accessToken;
    const token = await provider.sign({ sub: "fleet-member" });
    const id = ok(await graphql(a.url, ME, {}, { token })).me.id;

    const since = performance.now();
    ok(await graphql(b.url, SET_DISABLED, { id, disabled: true }, { token: admin }));
    for (const ms of await Promise.all([a, c].map((api) => untilRevoked(api, token, since)))) expect(ms).toBeLessThan(GIVE_UP_MS);
    await nextSecond();
    const fresh = await provider.sign({ sub: "fleet-member" });
    for (const api of fleet) expect(isRevoked(await graphql(api.url, VIEWER_ID, {}, { token: fresh }))).toBe(true);

    ok(await graphql(b.url, SET_DISABLED, { id, disabled: false }, { token: admin }));
    await nextSecond();
    const after = await provider.sign({ sub: "fleet-member" });
    for (const api of [a, c]) {
      expect(await waitUntil(async () => (await graphql(api.url, VIEWER_ID, {}, { token: after })).status === 200, GIVE_UP_MS)).toBe(true);
    }
  });

  describe(`${TRIALS} revocations by revokeSessions on instance B, each polled for on A, B and C every ${POLL_EVERY_MS} ms`, () => {
    /** Per trial, ms from sending revokeSessions until each instance (A, B, C) first answered 401 TOKEN_REVOKED. */
    const refusedAt: number[][] = [];
    /** Per trial, ms from sending revokeSessions until it returned true. */
    const acknowledgedAt: number[] = [];

    beforeAll(async () => {
      const [a, b] = fleet as [ApiProcess, ApiProcess, ApiProcess];
      const admin = await signIn(b.url, "admin@tessera.dev", "tessera-demo");
      // A few users in turn: a user's next token must be issued after the second their last revocation starts from.
      const users = await Promise.all(Array.from({ length: 5 }, () => signUp(a.url)));
      const validFrom = new Map<string, number>();
      for (let trial = 0; trial < TRIALS; trial++) {
        const user = users[trial % users.length]!;
        await sleep(Math.max(0, (validFrom.get(user.user.id) ?? 0) - Date.now()));
        const token = (await signIn(a.url, user.email, user.password)).accessToken;
        for (const api of fleet) expect(ok(await graphql(api.url, VIEWER_ID, {}, { token })).viewer.id).toBe(user.user.id);

        // Polling starts with the revocation, so an instance that learns it before the acknowledgement is seen doing so.
        const since = performance.now();
        const revoked = graphql(b.url, REVOKE, { userId: user.user.id }, { token: admin.accessToken }).then((response) => {
          acknowledgedAt.push(performance.now() - since);
          return response;
        });
        refusedAt.push(await Promise.all(fleet.map((api) => untilRevoked(api, token, since))));
        expect(ok(await revoked).revokeSessions).toBe(true);
        validFrom.set(user.user.id, Math.ceil(Date.now() / 1000) * 1000 + 50);
      }

      const figures = (values: number[]) =>
        `p50 ${quantile(values, 0.5).toFixed(1)} ms, p99 ${quantile(values, 0.99).toFixed(1)} ms, max ${Math.max(...values).toFixed(1)} ms`;
      console.log(
        [
          `revocation propagation, ${TRIALS} trials x 3 instances (revokeSessions sent to B; A, B, C polled every ${POLL_EVERY_MS} ms):`,
          `  after revokeSessions returned, until each instance refuses the token: ${figures(afterAcknowledgement())}`,
          `  after the revoking instance B refuses it, until A and C do (the push): ${figures(behindRevokingInstance())}`,
          `  from sending revokeSessions, until each instance refuses it (includes its database writes): ${figures(refusedAt.flat())}`,
          ...fleet.map((_, i) => `    instance ${"ABC"[i]}${i === 1 ? " (revoking)" : ""}: ${figures(refusedAt.map((trial) => trial[i]!))}`),
          `  revokeSessions round trip (database writes, then the push): ${figures(acknowledgedAt)}`,
        ].join("\n"),
      );
    }, 90_000);

    /** Per trial and instance: ms after the acknowledgement until it refused (0 if it already did). */
    const afterAcknowledgement = () => refusedAt.flatMap((trial, t) => trial.map((ms) => Math.max(0, ms - acknowledgedAt[t]!)));
    /** Per trial, for A and C: ms after B (which wrote the revocation) refused until they did (0 if before). */
    const behindRevokingInstance = () => refusedAt.flatMap(([a, b, c]) => [a!, c!].map((ms) => Math.max(0, ms - b!)));

    it("has every instance refuse the token within 1 s (p99) of revokeSessions returning", () => {
      expect(refusedAt).toHaveLength(TRIALS);
      expect(quantile(afterAcknowledgement(), 0.99)).toBeLessThanOrEqual(1_000);
    });

    it("pushes the revocation from the revoking instance to the others within 1 s (p99)", () => {
      expect(refusedAt).toHaveLength(TRIALS);
      expect(quantile(behindRevokingInstance(), 0.99)).toBeLessThanOrEqual(1_000);
    });
  });

  it("pushes signOut(everywhere: true) on one instance to the other two within 1 s of its answer", async () => {
    const [a, b, c] = fleet as [ApiProcess, ApiProcess, ApiProcess];
    const user = await signUp(c.url);
    for (const api of fleet) ok(await graphql(api.url, ME, {}, { token: user.accessToken }));
    const since = performance.now();
    let acknowledged = Infinity;
    const signedOut = graphql(a.url, SIGN_OUT_EVERYWHERE, { refreshToken: user.refreshToken }).then((response) => {
      acknowledged = performance.now() - since;
      return response;
    });
    const times = await Promise.all([b, c].map((api) => untilRevoked(api, user.accessToken, since)));
    expect(ok(await signedOut).signOut).toBe(true);
    console.log(
      `signOut(everywhere) on A answered after ${acknowledged.toFixed(1)} ms; B refused the token after ${times[0]!.toFixed(1)} ms, C after ${times[1]!.toFixed(1)} ms`,
    );
    for (const ms of times) expect(Math.max(0, ms - acknowledged)).toBeLessThanOrEqual(1_000);
  });
});

describe("with Redis unreachable: two instances, REVOCATION_RESYNC_MS=500", () => {
  const RESYNC_MS = 500;
  const MARGIN_MS = 750;
  let fleet: ApiProcess[] = [];
  let startedAt = 0;
  beforeAll(async () => {
    startedAt = Date.now();
    fleet = await startFleet(
      2,
      fleetEnvironment({
        DATA_DIR: freshDataDir(),
        MONGODB_URI: databaseUri("scale_redis_down"),
        // A loopback port nothing listens on: every connection attempt is refused.
        REDIS_URL: "redis://127.0.0.1:1",
        REVOCATION_RESYNC_MS: String(RESYNC_MS),
        // On, so the rate-limit store's fallback to memory is exercised too.
        RATE_LIMITS: "true",
      }),
    );
  }, 60_000);
  afterAll(() => Promise.all(fleet.map((api) => api.stop())));

  it("keeps serving every kind of request, none slowed by the missing Redis", async () => {
    const [x, y] = fleet as [ApiProcess, ApiProcess];
    const failures: string[] = [];
    const slow: string[] = [];
    const timed = async (name: string, call: () => Promise<GraphQLResponse>) => {
      const started = performance.now();
      const response = await call();
      const ms = performance.now() - started;
      if (response.status !== 200 || response.body.errors) failures.push(`${name}: ${response.status} ${JSON.stringify(response.body.errors)}`);
      if (ms > 1_000) slow.push(`${name}: ${ms.toFixed(0)} ms`);
      return response;
    };
    const admin = await signIn(y.url, "admin@tessera.dev", "tessera-demo");
    for (const [signer, other] of [[x, y], [y, x]] as const) {
      const user = await signUp(signer.url);
      await timed("viewer", () => graphql(other.url, VIEWER_ID, {}, { token: user.accessToken }));
      await timed("me", () => graphql(other.url, ME, {}, { token: user.accessToken }));
      await timed("createPost", () => graphql(other.url, CREATE_POST, { input: { title: "t", body: "b" } }, { token: user.accessToken }));
      const refreshed = await timed("refresh", () => graphql(other.url, REFRESH, { refreshToken: user.refreshToken }));
      // Revoking publishes to Redis: that must neither fail nor wait for it.
      await timed("revokeSessions", () => graphql(signer.url, REVOKE, { userId: user.user.id }, { token: admin.accessToken }));
      expect(refreshed.body.data?.refreshToken).toBeDefined();
    }
    const signedIn = await timed("signIn", () =>
      graphql(x.url, `mutation { signIn(email: "user@tessera.dev", password: "tessera-demo") { accessToken } }`),
    );
    expect(signedIn.body.data?.signIn?.accessToken).toEqual(expect.any(String));
    expect(failures).toEqual([]);
    expect(slow).toEqual([]);
  });

  it(`still learns a revocation made on the other instance within REVOCATION_RESYNC_MS (${RESYNC_MS} ms) + ${MARGIN_MS} ms`, async () => {
    const [x, y] = fleet as [ApiProcess, ApiProcess];
    const admin = await signIn(x.url, "admin@tessera.dev", "tessera-demo");
    const times: number[] = [];
    for (let trial = 0; trial < 3; trial++) {
      const user = await signUp(x.url);
      ok(await graphql(y.url, VIEWER_ID, {}, { token: user.accessToken }));
      const since = performance.now();
      expect(ok(await graphql(x.url, REVOKE, { userId: user.user.id }, { token: admin.accessToken })).revokeSessions).toBe(true);
      times.push(await untilRevoked(y, user.accessToken, since));
    }
    console.log(`revocation propagation with Redis down (database resync every ${RESYNC_MS} ms): ${times.map((ms) => ms.toFixed(0)).join(", ")} ms`);
    for (const ms of times) expect(ms).toBeLessThanOrEqual(RESYNC_MS + MARGIN_MS);
  });

  it("logs the Redis outage once per connection, not on every reconnection attempt", async () => {
    // ioredis retries every 2 s at most: after 6 s, per-attempt logging would have written several lines per client.
    await sleep(Math.max(0, startedAt + 6_000 - Date.now()));
    for (const api of fleet) {
      const lines = api.output().split("\n");
      const count = (text: string) => lines.filter((line) => line.includes(text)).length;
      expect(count("ECONNREFUSED")).toBeGreaterThanOrEqual(1);
      expect(count("revocation channel unavailable")).toBe(1);
      expect(count("revocation push unavailable")).toBe(1);
      expect(count("rate-limit store unavailable")).toBe(1);
    }
  }, 15_000);

  it("stops promptly on SIGTERM while Redis is unreachable", async () => {
    const started = Date.now();
    const codes = await Promise.all(
      fleet.map((api) => {
        api.child.kill("SIGTERM");
        return api.exited;
      }),
    );
    expect(codes).toEqual([0, 0]);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
