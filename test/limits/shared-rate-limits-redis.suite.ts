import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { accountKey } from "../../src/rate-limit/rate-limits.js";
import { graphql, SIGN_IN, SIGN_UP, type GraphQLResponse } from "../helpers/graphql.js";
import { startTestServer, testEnvironment, type TestServer } from "../helpers/server.js";

// With REDIS_URL, every Tessera instance counts against the same budgets: failures on instance A and on
// instance B add up. The two instances share one database (one process holds one mongoose connection)
// and nothing else: each builds its own limiters. A control without REDIS_URL shows the counts are
// then per instance, so the shared case passes only because Redis shares them.
//
// Needs Redis at TESSERA_TEST_REDIS_URL (default redis://127.0.0.1:6379). Every key this file makes
// contains this run's random tag (in the address, or in the hashed email), and is deleted at the end.
export default function sharedRateLimitsRedis(): void {
  const REDIS_URL = process.env.TESSERA_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
  const PAIR_BUDGET = 5;
  const run = randomBytes(6).toString("hex");

  let addresses = 0;
  /** An IPv6 address unique to this run (TRUST_PROXY: `x-forwarded-for` is the client address). */
  const newAddress = () => `2001:db8:${run.slice(0, 4)}:${run.slice(4, 8)}:${run.slice(8, 12)}::${(++addresses).toString(16)}`;

  const madeAddresses: string[] = [];
  const madeEmails: string[] = [];

  let redis: Redis;
  beforeAll(async () => {
    redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect().catch((error: unknown) => {
      throw new Error(`this test needs Redis at ${REDIS_URL}: ${String(error)}`);
    });
  });
  afterAll(async () => {
    // Only the keys this run made: every one names one of its addresses or the hash of one of its emails.
    const tags = [...madeAddresses, ...madeEmails.map(accountKey)];
    for (const tag of tags) {
      const keys = await scan(`tessera:rl:*${tag}*`);
      if (keys.length > 0) await redis.del(...keys);
    }
    for (const tag of tags) expect(await scan(`tessera:rl:*${tag}*`)).toEqual([]);
    redis.disconnect();
  });

  /** Every key matching `pattern`, by SCAN (never KEYS: the Redis may be shared). */
  async function scan(pattern: string): Promise<string[]> {
    const found: string[] = [];
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
      found.push(...keys);
      cursor = next;
    } while (cursor !== "0");
    return found;
  }

  /** Two instances, A and B, on one database; limits on, client address from x-forwarded-for. */
  async function startPair(overrides: Record<string, string>): Promise<[TestServer, TestServer]> {
    const env = testEnvironment({ RATE_LIMITS: "true", TRUST_PROXY: "true", ...overrides });
    const a = await startTestServer(env);
    const b = await startTestServer(env);
    return [a, b];
  }
  async function stopPair([a, b]: [TestServer, TestServer]): Promise<void> {
    await b.tessera.stop();
    await a.stop();
  }

  /** A fresh account, signed up on `server` from an address of this run. */
  async function newAccount(server: TestServer): Promise<{ email: string; password: string }> {
    const account = { email: `shared-${run}-${madeEmails.length}@example.com`, password: "correct horse battery" };
    madeEmails.push(account.email);
    const address = newAddress();
    madeAddresses.push(address);
    const response = await graphql(server.url, SIGN_UP, { input: { ...account, displayName: "Shared Person" } }, { headers: { "x-forwarded-for": address } });
    expect(response.body.errors).toBeUndefined();
    return account;
  }

  function attacker(): string {
    const address = newAddress();
    madeAddresses.push(address);
    return address;
  }

  const attempt = (server: TestServer, email: string, password: string, address: string) =>
    graphql(server.url, SIGN_IN, { email, password }, { headers: { "x-forwarded-for": address } });
  const codeOf = (response: GraphQLResponse) => response.body.errors?.[0]?.extensions?.code;
  const WRONG = "not the password";

  /** 3 wrong guesses on A, then 2 on B, all from `address`: each must have been judged. */
  async function threeOnAThenTwoOnB([a, b]: [TestServer, TestServer], email: string, address: string): Promise<void> {
    for (let i = 0; i < 3; i++) expect(codeOf(await attempt(a, email, WRONG, address))).toBe("INVALID_CREDENTIALS");
    for (let i = 0; i < 2; i++) expect(codeOf(await attempt(b, email, WRONG, address))).toBe("INVALID_CREDENTIALS");
  }

  describe("two instances with REDIS_URL", () => {
    let pair: [TestServer, TestServer];
    beforeAll(async () => {
      pair = await startPair({ REDIS_URL });
    });
    afterAll(() => stopPair(pair));

    it("3 failures on A and 2 on B trip the budget of 5: the 6th attempt, right password, gets 429 on either instance", async () => {
      const [a, b] = pair;
      const { email, password } = await newAccount(a);
      const address = attacker();
      await threeOnAThenTwoOnB(pair, email, address);
      const onA = await attempt(a, email, password, address);
      const onB = await attempt(b, email, password, address);
      expect([onA.status, codeOf(onA), onB.status, codeOf(onB)]).toEqual([429, "RATE_LIMITED", 429, "RATE_LIMITED"]);
      expect(Number(onA.headers.get("retry-after"))).toBeGreaterThan(0);
    });

    it("the count lives in Redis: after 3 failures on A and 2 on B the pair's key holds 5", async () => {
      const [a] = pair;
      const { email } = await newAccount(a);
      const address = attacker();
      await threeOnAThenTwoOnB(pair, email, address);
      expect(await redis.get(`tessera:rl:signInFailuresByAccountAndAddress:${accountKey(email)}:${address}`)).toBe(String(PAIR_BUDGET));
    });

    it("a successful sign-in on B clears the failures counted on A", async () => {
      const [a, b] = pair;
      const { email, password } = await newAccount(a);
      const address = attacker();
      for (let i = 0; i < PAIR_BUDGET - 1; i++) expect(codeOf(await attempt(a, email, WRONG, address))).toBe("INVALID_CREDENTIALS");
      expect(codeOf(await attempt(b, email, password, address))).toBeUndefined();
      // Without the shared reset, the second of these would be the sixth failure on record, and refused.
      for (let i = 0; i < PAIR_BUDGET; i++) expect(codeOf(await attempt(a, email, WRONG, address))).toBe("INVALID_CREDENTIALS");
    });
  });

  describe("control: two instances without REDIS_URL", () => {
    let pair: [TestServer, TestServer];
    beforeAll(async () => {
      pair = await startPair({});
    });
    afterAll(() => stopPair(pair));

    it("count apart: after 3 failures on A and 2 on B, a 6th attempt is still judged on each", async () => {
      const [a, b] = pair;
      const { email, password } = await newAccount(a);
      const address = attacker();
      await threeOnAThenTwoOnB(pair, email, address);
      expect(codeOf(await attempt(a, email, WRONG, address))).toBe("INVALID_CREDENTIALS");
      expect(codeOf(await attempt(b, email, password, address))).toBeUndefined();
    });
  });
}
