import { createRequire } from "node:module";
import type { GraphQLResponse } from "../helpers/graphql.js";
import type { TestServer } from "../helpers/server.js";

// Catalogue 26: a 1 MB password → rejected quickly without hashing; 64-character and Unicode
// passwords work exactly; stored hashes are $argon2id$ with m ≥ 19456 KiB, t ≥ 2, p = 1.

// "Without hashing" cannot be told from timing here: one argon2id verification takes about as long
// as moving 1 MB over loopback. So argon2 itself is counted: the library's exports are wrapped
// (calling through to the real functions) before Tessera is imported, which is why everything
// from Tessera is imported dynamically below. Tessera's own code is not replaced.
const argon2 = createRequire(import.meta.url)("@node-rs/argon2") as typeof import("@node-rs/argon2");
const argon2Calls = { hash: 0, verify: 0 };
const realHash = argon2.hash;
const realVerify = argon2.verify;
argon2.hash = (...args) => (argon2Calls.hash++, realHash(...args));
argon2.verify = (...args) => (argon2Calls.verify++, realVerify(...args));

/** How many argon2 operations a request ran. */
async function argon2CallsDuring(run: () => Promise<unknown>): Promise<number> {
  const before = argon2Calls.hash + argon2Calls.verify;
  await run();
  return argon2Calls.hash + argon2Calls.verify - before;
}

/** Fits Fastify's 1 MiB body limit with room for the rest of the request. */
const HUGE = "a".repeat(1_000_000);
const UNICODE = "pässwörd-密码-🔐🔐";
const SIXTY_FOUR = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";

let server: TestServer;
let graphql: typeof import("../helpers/graphql.js").graphql;
let UserModel: typeof import("../../src/users/user.model.js").UserModel;
beforeAll(async () => {
  ({ graphql } = await import("../helpers/graphql.js"));
  ({ UserModel } = await import("../../src/users/user.model.js"));
  const { startTestServer } = await import("../helpers/server.js");
  server = await startTestServer();
});
afterAll(() => server.stop());

// Only what these tests need: the account's id, which the caller may always read.
const SIGN_UP = /* GraphQL */ `mutation ($input: SignUpInput!) { signUp(input: $input) { accessToken user { id } } }`;
const SIGN_IN = /* GraphQL */ `mutation ($email: String!, $password: String!) { signIn(email: $email, password: $password) { accessToken user { id } } }`;

let counter = 0;
const uniqueEmail = () => `pw${Date.now()}${counter++}@example.com`;

function signUpWith(email: string, password: string): Promise<GraphQLResponse> {
  return graphql(server.url, SIGN_UP, { input: { email, password, displayName: "Password Tester" } });
}

function signInWith(email: string, password: string): Promise<GraphQLResponse> {
  return graphql(server.url, SIGN_IN, { email, password });
}

/**
 * How long the server itself took, from the operation's log line (parsing to response, the resolver and any
 * argon2 included): the test client's work of building and sending 1 MB is not the server's, and under a loaded
 * test run it dominates a wall-clock time.
 */
async function serverMs(response: GraphQLResponse): Promise<number> {
  const requestId = response.headers.get("x-request-id");
  for (let waited = 0; waited < 1_000; waited += 10) {
    for (const line of server.logs) {
      const entry = JSON.parse(line) as { reqId?: string; msg?: string; durationMs?: number };
      if (entry.reqId === requestId && entry.msg === "operation") return entry.durationMs!;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no "operation" log line for request ${requestId}`);
}

async function medianServerMs(run: () => Promise<GraphQLResponse>): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < 5; i++) times.push(await serverMs(await run()));
  return times.sort((a, b) => a - b)[2]!;
}

describe("a 1 MB password", () => {
  it("26: control: a wrong password of normal length runs argon2 exactly once", async () => {
    expect(await argon2CallsDuring(() => signInWith("user@tessera.dev", "a wrong password"))).toBe(1);
  });

  it("26: is refused at signIn with INVALID_CREDENTIALS", async () => {
    const response = await signInWith("user@tessera.dev", HUGE);
    expect(response.status).toBe(200);
    expect(response.body.errors![0]!.extensions).toEqual({ code: "INVALID_CREDENTIALS" });
  });

  it("26: is refused at signIn without running argon2", async () => {
    expect(await argon2CallsDuring(() => signInWith("user@tessera.dev", HUGE))).toBe(0);
  });

  it("26: is refused at signIn in under 200 ms of server time", async () => {
    expect(await medianServerMs(() => signInWith("user@tessera.dev", HUGE))).toBeLessThan(200);
  });

  it("26: is refused at signUp with BAD_USER_INPUT, creating no account", async () => {
    const email = uniqueEmail();
    const response = await signUpWith(email, HUGE);
    expect(response.body.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    expect(await UserModel.countDocuments({ email })).toBe(0);
  });

  it("26: is refused at signUp without running argon2", async () => {
    expect(await argon2CallsDuring(() => signUpWith(uniqueEmail(), HUGE))).toBe(0);
  });

  it("26: is refused at signUp in under 200 ms of server time", async () => {
    expect(await medianServerMs(() => signUpWith(uniqueEmail(), HUGE))).toBeLessThan(200);
  });

  it("26: is never echoed back in the error", async () => {
    const [signInResponse, signUpResponse] = [await signInWith("user@tessera.dev", HUGE), await signUpWith(uniqueEmail(), HUGE)];
    for (const response of [signInResponse, signUpResponse]) {
      expect(JSON.stringify(response.body).length).toBeLessThan(2_000);
    }
  });
});

describe("a 64-character password", () => {
  const email = uniqueEmail();
  let id: string;
  beforeAll(async () => {
    expect(SIXTY_FOUR).toHaveLength(64);
    const response = await signUpWith(email, SIXTY_FOUR);
    expect(response.body.errors).toBeUndefined();
    id = response.body.data!.signUp.user.id;
  });

  it("26: signs in when given exactly", async () => {
    expect((await signInWith(email, SIXTY_FOUR)).body.data?.signIn.user.id).toBe(id);
  });

  it("26: fails when its last character is different", async () => {
    const response = await signInWith(email, SIXTY_FOUR.slice(0, -1) + "!");
    expect(response.body.errors![0]!.extensions).toEqual({ code: "INVALID_CREDENTIALS" });
  });

  it("26: fails with only its first 63 characters (nothing is truncated)", async () => {
    const response = await signInWith(email, SIXTY_FOUR.slice(0, 63));
    expect(response.body.errors![0]!.extensions).toEqual({ code: "INVALID_CREDENTIALS" });
  });
});

describe("a Unicode password", () => {
  const email = uniqueEmail();
  let id: string;
  beforeAll(async () => {
    const response = await signUpWith(email, UNICODE.normalize("NFC"));
    expect(response.body.errors).toBeUndefined();
    id = response.body.data!.signUp.user.id;
  });

  it("26: signs in when given exactly", async () => {
    expect((await signInWith(email, UNICODE.normalize("NFC"))).body.data?.signIn.user.id).toBe(id);
  });

  it("26: signs in with the canonically equivalent NFD spelling (passwords are NFC-normalised, NIST SP 800-63B)", async () => {
    const decomposed = UNICODE.normalize("NFD");
    expect(decomposed).not.toBe(UNICODE.normalize("NFC"));
    expect((await signInWith(email, decomposed)).body.data?.signIn.user.id).toBe(id);
  });

  it("26: fails without the diacritics (pässwörd → passwörd)", async () => {
    const response = await signInWith(email, UNICODE.normalize("NFC").replace("ä", "a"));
    expect(response.body.errors![0]!.extensions).toEqual({ code: "INVALID_CREDENTIALS" });
  });

  it("26: fails when one emoji is different (🔐 → 🔒)", async () => {
    const response = await signInWith(email, UNICODE.normalize("NFC").replace(/🔐$/u, "🔒"));
    expect(response.body.errors![0]!.extensions).toEqual({ code: "INVALID_CREDENTIALS" });
  });

  it("26: fails when one character is missing", async () => {
    const response = await signInWith(email, UNICODE.normalize("NFC").replace("密", ""));
    expect(response.body.errors![0]!.extensions).toEqual({ code: "INVALID_CREDENTIALS" });
  });

  it("26: counts length in characters: 128 emoji (256 UTF-16 units) are accepted and sign in", async () => {
    const emojiEmail = uniqueEmail();
    const password = "🔐".repeat(128);
    const signedUp = await signUpWith(emojiEmail, password);
    expect(signedUp.body.errors).toBeUndefined();
    expect((await signInWith(emojiEmail, password)).body.data?.signIn.user.id).toBe(signedUp.body.data!.signUp.user.id);
  });

  it("26: counts length in characters: 129 emoji are refused with BAD_USER_INPUT", async () => {
    const response = await signUpWith(uniqueEmail(), "🔐".repeat(129));
    expect(response.body.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
  });
});

describe("stored password hashes", () => {
  it("26: are argon2id v19 with m ≥ 19456 KiB, t ≥ 2, p = 1", async () => {
    const email = uniqueEmail();
    await signUpWith(email, "correct horse battery");
    const stored = await UserModel.findOne({ email }).select("+passwordHash").lean();
    const params = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/.exec(stored!.passwordHash!);
    expect(params).not.toBeNull();
    const [, m, t, p] = params!.map(Number);
    expect(m).toBeGreaterThanOrEqual(19_456);
    expect(t).toBeGreaterThanOrEqual(2);
    expect(p).toBe(1);
  });

  it("26: are salted: the same password gives two different hashes", async () => {
    const [first, second] = [uniqueEmail(), uniqueEmail()];
    await signUpWith(first, "the very same password");
    await signUpWith(second, "the very same password");
    const hashes = await Promise.all([first, second].map(async (email) => (await UserModel.findOne({ email }).select("+passwordHash").lean())!.passwordHash));
    expect(hashes[0]).not.toBe(hashes[1]);
  });

  it("26: never return the hash through the API", async () => {
    const email = uniqueEmail();
    const response = await signUpWith(email, "correct horse battery");
    const stored = await UserModel.findOne({ email }).select("+passwordHash").lean();
    expect(JSON.stringify(response.body)).not.toContain(stored!.passwordHash);
    expect(JSON.stringify(response.body)).not.toContain("$argon2");
  });
});
