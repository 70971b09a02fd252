import { performance } from "node:perf_hooks";
import { RefreshFamilyModel } from "../../src/sessions/refresh-token.model.js";
import { expectNothingReturned, graphql, type GraphQLResponse, SIGN_IN, SIGN_UP } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { addressSource } from "./client-addresses.js";

// Catalogue 24: 500 aliased signIns in one POST → rejected by the alias / cost limit before any hashing;
// a JSON array batch → 400. Under the alias limit, every aliased signIn passes the sign-in throttle on
// its own (src/rate-limit/sign-in-throttle.ts). Budgets: 5 failures per account and address, 100
// sign-in attempts per address, 15 minutes.
export default function aliasedSignInsAndBatches(): void {
  const PAIR_BUDGET = 5;
  const ADDRESS_BUDGET = 100;
  const ALIAS_LIMIT = 15;

  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ RATE_LIMITS: "true", TRUST_PROXY: "true" });
  });
  afterAll(() => server.stop());

  /** An address no other attempt in this file has used. */
  const newAddress = addressSource(24);
  const from = (address: string) => ({ headers: { "x-forwarded-for": address } });

  let accounts = 0;
  async function newAccount(): Promise<{ email: string; password: string }> {
    const account = { email: `aliases-${Date.now()}-${++accounts}@example.com`, password: "correct horse battery" };
    const response = await graphql(server.url, SIGN_UP, { input: { ...account, displayName: "Aliased Person" } }, from(newAddress()));
    expect(response.body.errors).toBeUndefined();
    return account;
  }

  /** One mutation with `count` aliased signIns (a0, a1, ...), the credentials inlined as an attacker would. */
  function aliasedSignIns(count: number, email: string, password: string): string {
    const fields = Array.from(
      { length: count },
      (_, i) => `a${i}: signIn(email: ${JSON.stringify(email)}, password: ${JSON.stringify(password)}) { accessToken refreshToken }`,
    );
    return `mutation Flood {\n${fields.join("\n")}\n}`;
  }

  const single = (email: string, password: string, address: string) => graphql(server.url, SIGN_IN, { email, password }, from(address));
  const codeOf = (response: GraphQLResponse) => response.body.errors?.[0]?.extensions?.code;
  const WRONG = "not the password";

  function expectAliasLimitExceeded(response: GraphQLResponse, found: number): void {
    expect({ status: response.status, body: response.body }).toEqual({
      status: 400,
      body: { errors: [{ message: `Aliases limit of ${ALIAS_LIMIT} exceeded, found ${found}.`, extensions: { code: "ALIAS_LIMIT_EXCEEDED", limit: ALIAS_LIMIT } }] },
    });
  }

  it("24: 500 aliased signIns in one POST are refused with 400 ALIAS_LIMIT_EXCEEDED, and no data at all", async () => {
    expectAliasLimitExceeded(await graphql(server.url, aliasedSignIns(500, "user@tessera.dev", WRONG), {}, from(newAddress())), 500);
  });

  it("24: with the right password, none of the 500 ran: no session (refresh family) was created", async () => {
    const before = await RefreshFamilyModel.countDocuments();
    expectAliasLimitExceeded(await graphql(server.url, aliasedSignIns(500, "user@tessera.dev", "tessera-demo"), {}, from(newAddress())), 500);
    expect(await RefreshFamilyModel.countDocuments()).toBe(before);
  });

  it("24: with a wrong password, none of the 500 was judged: the address's failure count for the account did not move", async () => {
    const { email, password } = await newAccount();
    const address = newAddress();
    for (let i = 0; i < PAIR_BUDGET - 1; i++) expect(codeOf(await single(email, WRONG, address))).toBe("INVALID_CREDENTIALS");
    expectAliasLimitExceeded(await graphql(server.url, aliasedSignIns(500, email, WRONG), {}, from(address)), 500);
    // One judged alias would have made this the sixth failure, refused; it is the fifth, judged.
    expect(codeOf(await single(email, WRONG, address))).toBe("INVALID_CREDENTIALS");
    expect(codeOf(await single(email, password, address))).toBe("RATE_LIMITED");
  });

  it("24: the 500 are refused in far less time than hashing them would take (500 argon2id checks: over 10 s)", async () => {
    const document = aliasedSignIns(500, "user@tessera.dev", WRONG);
    await graphql(server.url, document, {}, from(newAddress())); // warm-up: parsing code paths
    const started = performance.now();
    const response = await graphql(server.url, document, {}, from(newAddress()));
    const elapsed = performance.now() - started;
    expect(response.status).toBe(400);
    // Generous for a loaded machine; the two tests above show that exactly none ran.
    expect(elapsed).toBeLessThan(1_000);
  });

  it("24: a JSON array batch of two operations is refused with 400, and neither runs", async () => {
    const before = await RefreshFamilyModel.countDocuments();
    const operation = { query: SIGN_IN, variables: { email: "user@tessera.dev", password: "tessera-demo" } };
    const response = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": newAddress() },
      body: JSON.stringify([operation, operation]),
    });
    expect({ status: response.status, body: await response.json() }).toEqual({
      status: 400,
      body: { errors: [{ message: "Operation batching disabled.", extensions: { code: "BAD_REQUEST" } }] },
    });
    expect(await RefreshFamilyModel.countDocuments()).toBe(before);
  });

  describe("under the alias limit", () => {
    it("24: aliased wrong guesses run one at a time, each spending the budget: of 10 aliases, 5 are judged and 5 refused", async () => {
      // Every mutation field is nullable, so one failed signIn does not end the request: each alias is an attempt
      // of its own, and the account's budget for this address (5) runs out inside the request.
      const { email, password } = await newAccount();
      const address = newAddress();
      const response = await graphql(server.url, aliasedSignIns(10, email, WRONG), {}, from(address));
      expect({ status: response.status, errors: response.body.errors?.map((e) => [e.path, e.extensions?.code]) }).toEqual({
        status: 429,
        errors: Array.from({ length: 10 }, (_, i) => [[`a${i}`], i < PAIR_BUDGET ? "INVALID_CREDENTIALS" : "RATE_LIMITED"]),
      });
      expectNothingReturned(response.body.data);
      // The budget is used up: even the right password is refused now.
      expect(codeOf(await single(email, password, address))).toBe("RATE_LIMITED");
    });

    it("24: once an address has used up its guesses at an account, every aliased signIn is refused at the first alias", async () => {
      const { email, password } = await newAccount();
      const address = newAddress();
      for (let i = 0; i < PAIR_BUDGET; i++) expect(codeOf(await single(email, WRONG, address))).toBe("INVALID_CREDENTIALS");
      const before = await RefreshFamilyModel.countDocuments();
      const response = await graphql(server.url, aliasedSignIns(ALIAS_LIMIT, email, password), {}, from(address));
      expect(response.status).toBe(429);
      expectNothingReturned(response.body.data);
      expect(response.body.errors!.map((e) => [e.path, e.extensions?.code])).toEqual(Array.from({ length: ALIAS_LIMIT }, (_, i) => [[`a${i}`], "RATE_LIMITED"]));
      expect(await RefreshFamilyModel.countDocuments()).toBe(before);
    });

    it("24: each aliased signIn spends the address's budget on its own: the 101st attempt, inside one request, is refused", async () => {
      const { email, password } = await newAccount();
      const address = newAddress();
      // 6 requests of 15 aliased sign-ins (all succeed) spend 90 of the 100 attempts.
      for (let i = 0; i < 6; i++) {
        const response = await graphql(server.url, aliasedSignIns(ALIAS_LIMIT, email, password), {}, from(address));
        expect(response.body.errors).toBeUndefined();
        expect(Object.keys(response.body.data!)).toHaveLength(ALIAS_LIMIT);
      }
      // Counted per request, this would be the 7th attempt; counted per alias, a10 is the 101st.
      const response = await graphql(server.url, aliasedSignIns(ALIAS_LIMIT, email, password), {}, from(address));
      expect(response.status).toBe(429);
      const first = ADDRESS_BUDGET - 6 * ALIAS_LIMIT;
      // The 10 within the budget sign in; from a10 on, each is refused on its own.
      for (let i = 0; i < ALIAS_LIMIT; i++) {
        if (i < first) expect(response.body.data![`a${i}`]).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String) });
        else expect(response.body.data![`a${i}`]).toBeNull();
      }
      expect(response.body.errors!.map((e) => [e.path, e.extensions?.code])).toEqual(
        Array.from({ length: ALIAS_LIMIT - first }, (_, i) => [[`a${first + i}`], "RATE_LIMITED"]),
      );
    }, 60_000);
  });
}
