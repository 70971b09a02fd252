import { graphql, SIGN_IN, SIGN_UP, type GraphQLResponse } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { addressSource } from "./client-addresses.js";

// Catalogue 23: 20 failed signIns on one account, from many source addresses → throttled per account
// with 429 and Retry-After; other accounts unaffected. Budgets (src/rate-limit/rate-limits.ts): 5 failures
// per account and address, 20 per account, 15 minutes. TRUST_PROXY makes `x-forwarded-for` the client
// address, which is how one test plays many attackers.
export default function signInThrottledPerAccount(): void {
  const PAIR_BUDGET = 5;
  const ACCOUNT_BUDGET = 20;
  const FIFTEEN_MINUTES = 15 * 60;

  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ RATE_LIMITS: "true", TRUST_PROXY: "true" });
  });
  afterAll(() => server.stop());

  /** An address no other attempt in this file has used. */
  const newAddress = addressSource(23);

  let accounts = 0;
  /** A fresh account of its own, so that no test sees another's counts. */
  async function newAccount(): Promise<{ email: string; password: string }> {
    const account = { email: `throttle-${Date.now()}-${++accounts}@example.com`, password: "correct horse battery" };
    const response = await graphql(
      server.url,
      SIGN_UP,
      { input: { ...account, displayName: "Throttled Person" } },
      { headers: { "x-forwarded-for": newAddress() } },
    );
    expect(response.body.errors).toBeUndefined();
    return account;
  }

  const attempt = (email: string, password: string, address: string) =>
    graphql(server.url, SIGN_IN, { email, password }, { headers: { "x-forwarded-for": address } });

  const WRONG = "not the password";

  function expectInvalidCredentials(response: GraphQLResponse): void {
    expect({ status: response.status, code: response.body.errors?.[0]?.extensions?.code }).toEqual({ status: 200, code: "INVALID_CREDENTIALS" });
  }

  /** 429, a positive whole-seconds `Retry-After` within the block, RATE_LIMITED saying the same, and no tokens. */
  function expectRateLimited(response: GraphQLResponse): void {
    expect(response.status).toBe(429);
    const retryAfter = response.headers.get("retry-after");
    expect(retryAfter).toMatch(/^[1-9][0-9]*$/);
    const seconds = Number(retryAfter);
    expect(seconds).toBeLessThanOrEqual(FIFTEEN_MINUTES);
    expect(response.body).toEqual({
      data: { signIn: null },
      errors: [
        {
          message: `Too many attempts; try again in ${seconds} seconds`,
          locations: expect.any(Array),
          path: ["signIn"],
          extensions: { code: "RATE_LIMITED", retryAfter: seconds },
        },
      ],
    });
  }

  function expectSignedIn(response: GraphQLResponse, email: string): void {
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!.signIn.user.email).toBe(email);
    expect(response.body.data!.signIn.accessToken).toEqual(expect.any(String));
  }

  /** A 429 body with its countdown taken out: what must be identical whoever the account is. */
  const withoutCountdown = (response: GraphQLResponse) => ({
    status: response.status,
    retryAfterHeader: response.headers.has("retry-after"),
    body: JSON.parse(JSON.stringify(response.body).replace(/in \d+ seconds/g, "in N seconds").replace(/"retryAfter":\d+/g, '"retryAfter":0')),
  });

  /** `count` wrong guesses at `email`, each from an address of its own; every one must have been judged. */
  async function guessFromManyAddresses(email: string, count: number): Promise<string[]> {
    const used: string[] = [];
    for (let i = 0; i < count; i++) {
      const address = newAddress();
      used.push(address);
      expectInvalidCredentials(await attempt(email, WRONG, address));
    }
    return used;
  }

  describe("20 failures at one account from 20 addresses", () => {
    let victim: { email: string; password: string };
    let attackers: string[];
    const unknownEmail = `nobody-${Date.now()}@example.com`;

    beforeAll(async () => {
      victim = await newAccount();
      attackers = await guessFromManyAddresses(victim.email, ACCOUNT_BUDGET);
      await guessFromManyAddresses(unknownEmail, ACCOUNT_BUDGET);
    }, 60_000);

    it("23: refuse the next attempt, even the right password from a new address, with 429, Retry-After and RATE_LIMITED", async () => {
      expectRateLimited(await attempt(victim.email, victim.password, newAddress()));
    });

    it("23: refuse a further wrong guess from an attacking address with 429 too, not INVALID_CREDENTIALS", async () => {
      expectRateLimited(await attempt(victim.email, WRONG, attackers[0]!));
    });

    it("23: leave other accounts alone: another account signs in from an attacking address and from a new one", async () => {
      expectSignedIn(await attempt("user@tessera.dev", "tessera-demo", attackers[0]!), "user@tessera.dev");
      expectSignedIn(await attempt("user@tessera.dev", "tessera-demo", newAddress()), "user@tessera.dev");
    });

    it("23: throttle an unknown email after 20 failures too, with the same 429 answer, so throttling reveals no account", async () => {
      const known = await attempt(victim.email, victim.password, newAddress());
      const unknown = await attempt(unknownEmail, "any password at all", newAddress());
      expectRateLimited(unknown);
      expect(withoutCountdown(unknown)).toEqual(withoutCountdown(known));
    });
  });

  describe("5 failures at one account from one address", () => {
    let owner: { email: string; password: string };
    let attacker: string;
    const unknownEmail = `nobody-pair-${Date.now()}@example.com`;
    let unknownFrom: string;

    beforeAll(async () => {
      owner = await newAccount();
      attacker = newAddress();
      for (let i = 0; i < PAIR_BUDGET; i++) expectInvalidCredentials(await attempt(owner.email, WRONG, attacker));
      unknownFrom = newAddress();
      for (let i = 0; i < PAIR_BUDGET; i++) expectInvalidCredentials(await attempt(unknownEmail, WRONG, unknownFrom));
    }, 60_000);

    it("23: refuse that address the account with 429, even with the right password", async () => {
      expectRateLimited(await attempt(owner.email, owner.password, attacker));
    });

    it("23: let the owner sign in from another address: guessing from one address locks nobody out", async () => {
      expectSignedIn(await attempt(owner.email, owner.password, newAddress()), owner.email);
    });

    it("23: never count the refused guesses against the account: 30 more from that address, and the owner still signs in", async () => {
      for (let i = 0; i < 30; i++) expectRateLimited(await attempt(owner.email, WRONG, attacker));
      expectSignedIn(await attempt(owner.email, owner.password, newAddress()), owner.email);
    });

    it("23: leave that address free to sign in to other accounts", async () => {
      expectSignedIn(await attempt("editor@tessera.dev", "tessera-demo", attacker), "editor@tessera.dev");
    });

    it("23: throttle an unknown email from one address after 5 failures, with the same 429 answer", async () => {
      const known = await attempt(owner.email, WRONG, attacker);
      const unknown = await attempt(unknownEmail, WRONG, unknownFrom);
      expectRateLimited(unknown);
      expect(withoutCountdown(unknown)).toEqual(withoutCountdown(known));
    });
  });

  it("23: a successful sign-in resets the address's failure count for that account", async () => {
    const owner = await newAccount();
    const address = newAddress();
    for (let i = 0; i < PAIR_BUDGET - 1; i++) expectInvalidCredentials(await attempt(owner.email, WRONG, address));
    expectSignedIn(await attempt(owner.email, owner.password, address), owner.email);
    // Without the reset the second of these would be the sixth failure, and refused.
    for (let i = 0; i < PAIR_BUDGET; i++) expectInvalidCredentials(await attempt(owner.email, WRONG, address));
    expectRateLimited(await attempt(owner.email, owner.password, address));
  });

  it("23: concurrent guesses from many addresses get no more than 20 judged: the rest are refused before hashing", async () => {
    const { email } = await newAccount();
    const responses = await Promise.all(Array.from({ length: 2 * ACCOUNT_BUDGET }, () => attempt(email, WRONG, newAddress())));
    const codes = responses.map((response) => response.body.errors?.[0]?.extensions?.code);
    expect(codes.filter((code) => code === "INVALID_CREDENTIALS")).toHaveLength(ACCOUNT_BUDGET);
    expect(codes.filter((code) => code === "RATE_LIMITED")).toHaveLength(ACCOUNT_BUDGET);
  });

  it("23: concurrent guesses from one address get no more than 5 judged, and the owner can still sign in elsewhere", async () => {
    const owner = await newAccount();
    const attacker = newAddress();
    const responses = await Promise.all(Array.from({ length: 25 }, () => attempt(owner.email, WRONG, attacker)));
    const codes = responses.map((response) => response.body.errors?.[0]?.extensions?.code);
    expect(codes.filter((code) => code === "INVALID_CREDENTIALS")).toHaveLength(PAIR_BUDGET);
    expect(codes.filter((code) => code === "RATE_LIMITED")).toHaveLength(25 - PAIR_BUDGET);
    expectSignedIn(await attempt(owner.email, owner.password, newAddress()), owner.email);
  });
}
