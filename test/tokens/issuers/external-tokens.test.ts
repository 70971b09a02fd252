import { randomUUID } from "node:crypto";
import { graphql, signIn } from "../../helpers/graphql.js";
import { startLocalIssuer, type LocalIssuer } from "../../helpers/jwks-server.js";
import { startOidcProvider, type OidcProvider } from "../../helpers/oidc-provider.js";
import { startTestServer, type TestServer } from "../../helpers/server.js";
import { subscribe } from "../../helpers/subscriptions.js";
import { waitUntil } from "../../helpers/wait.js";

// Issue 18: another provider's access tokens, beside ours, through the real server.

const AUDIENCE = "tessera-api";
const COOLDOWN_SECONDS = 2;
const VIEWER = "{ viewer { id issuer subject roles scopes } }";

let server: TestServer;
let provider: OidcProvider;
let local: LocalIssuer;
let unlinked: LocalIssuer;

beforeAll(async () => {
  provider = await startOidcProvider({ audience: AUDIENCE, roles: ["editor", "ADMIN", "superuser"] });
  local = await startLocalIssuer(AUDIENCE);
  unlinked = await startLocalIssuer(AUDIENCE);
  server = await startTestServer({
    TRUSTED_ISSUERS: JSON.stringify([
      { issuer: provider.issuer, audience: AUDIENCE, discovery: true, requireType: "at+jwt", claims: { roles: "roles" }, roles: { map: { editor: "EDITOR" }, default: "USER" } },
      {
        issuer: local.issuer,
        audience: AUDIENCE,
        jwksUri: local.jwksUri,
        refetchCooldownSeconds: COOLDOWN_SECONDS,
        claims: { roles: '["https://tessera.example/roles"]', email: "email", displayName: "name" },
        roles: { map: { admin: "ADMIN" }, default: "USER" },
      },
      { issuer: unlinked.issuer, audience: AUDIENCE, jwksUri: unlinked.jwksUri, linkUsers: false, roles: { default: "USER" } },
    ]),
  });
});
afterAll(async () => {
  await server?.stop();
  await Promise.all([provider?.stop(), local?.stop(), unlinked?.stop()]);
});

const ask = (token: string, query = VIEWER, variables: Record<string, unknown> = {}) => graphql(server.url, query, variables, { token });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const outOfCooldown = () => sleep(COOLDOWN_SECONDS * 1000 + 50);

function expectRefused(response: Awaited<ReturnType<typeof ask>>, reason = "TOKEN_INVALID") {
  expect(response.status).toBe(401);
  expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: "UNAUTHENTICATED", reason });
}

describe("a real OpenID provider (oidc-provider, client credentials with a resource indicator)", () => {
  it("its JWT access token signs the viewer in, with its mapped roles and its scopes", async () => {
    const response = await ask(await provider.token("posts:write"));
    expect(response.body).toEqual({
      data: { viewer: { id: expect.stringMatching(/^[0-9a-f]{24}$/), issuer: provider.issuer, subject: "reports-service", roles: ["USER", "EDITOR"], scopes: ["posts:write"] } },
    });
  });

  it("never escalates: ADMIN and unmapped values in its roles claim grant nothing", async () => {
    const response = await ask(await provider.token("posts:read"), "{ users(first: 1) { edges { node { id } } } }");
    expect(response.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});

describe("keys from another issuer's JWKS", () => {
  it("serves requests without fetching keys again, in steady state", async () => {
    await ask(await local.sign({ sub: "warm-up" }));
    const before = local.fetches;
    const tokens = await Promise.all(Array.from({ length: 50 }, (_, index) => local.sign({ sub: `steady-${index}` })));
    for (let round = 0; round < 4; round++) {
      const responses = await Promise.all(tokens.map((token) => ask(token)));
      expect(responses.every((response) => response.status === 200 && response.body.data?.viewer)).toBe(true);
    }
    expect(local.fetches).toBe(before);
  });

  it("fetches the key set exactly once when the provider rotates to a new kid", async () => {
    await outOfCooldown();
    const before = local.fetches;
    await local.rotate();
    const responses = await Promise.all(Array.from({ length: 20 }, async (_, index) => ask(await local.sign({ sub: `rotated-${index}` }))));
    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(200));
    expect(local.fetches).toBe(before + 1);
  });

  it("fetches at most once per cooldown for 1,000 tokens with random kids", async () => {
    await outOfCooldown();
    const before = local.fetches;
    const started = Date.now();
    const forged = await Promise.all(Array.from({ length: 1_000 }, () => local.sign({ sub: "forger" }, { kid: randomUUID() })));
    for (let at = 0; at < forged.length; at += 50) {
      const responses = await Promise.all(forged.slice(at, at + 50).map((token) => ask(token)));
      for (const response of responses) expectRefused(response);
    }
    const cooldowns = Math.floor((Date.now() - started) / (COOLDOWN_SECONDS * 1000)) + 1;
    expect(local.fetches - before).toBeGreaterThanOrEqual(1);
    expect(local.fetches - before).toBeLessThanOrEqual(cooldowns);
  });

  it("keeps serving tokens signed with known keys while the provider is down", async () => {
    const known = await local.sign({ sub: "while-down" });
    local.down();
    try {
      await outOfCooldown();
      const responses = await Promise.all(Array.from({ length: 20 }, () => ask(known)));
      expect(responses.map((response) => response.status)).toEqual(Array(20).fill(200));
      expectRefused(await ask(await local.sign({ sub: "while-down" }, { kid: "never-published" })));
    } finally {
      local.up();
    }
  });

  it("refuses a token from an issuer that is not trusted, without fetching anything", async () => {
    const stranger = await startLocalIssuer(AUDIENCE);
    try {
      expectRefused(await ask(await stranger.sign({ sub: "someone" })));
      expect(stranger.fetches).toBe(0);
    } finally {
      await stranger.stop();
    }
  });

  it("refuses a key used with an algorithm it is not for, and HS256 in any form", async () => {
    expectRefused(await ask(await local.sign({ sub: "pss" }, { alg: "PS256" })));
    const [header, payload] = (await local.sign({ sub: "hs" })).split(".");
    const hs = JSON.parse(Buffer.from(header!, "base64url").toString());
    const forged = `${Buffer.from(JSON.stringify({ ...hs, alg: "HS256" })).toString("base64url")}.${payload}.c2lnbmF0dXJl`;
    expectRefused(await ask(forged));
  });

  it("refuses a token for another audience", async () => {
    expectRefused(await ask(await local.sign({ sub: "elsewhere", aud: "another-api" })));
  });

  it("maps only the configured role values", async () => {
    const response = await ask(await local.sign({ sub: "role-mix", "https://tessera.example/roles": ["admin", "EDITOR", "root"] }));
    expect(response.body.data?.viewer.roles).toEqual(["USER", "ADMIN"]);
  });
});

const ME_QUERY = "{ me { id email displayName } }";

describe("linked users", () => {
  const ME = ME_QUERY;

  it("creates the linked user on first use, from the mapped claims, and keeps it", async () => {
    const token = await local.sign({ sub: "kim", email: "kim@example.com", name: "Kim" });
    const viewer = (await ask(token)).body.data?.viewer;
    const first = await ask(token, ME);
    expect(first.body).toEqual({ data: { me: { id: viewer.id, email: "kim@example.com", displayName: "Kim" } } });
    expect((await ask(await local.sign({ sub: "kim", name: "Renamed" }), ME)).body.data?.me.id).toBe(viewer.id);
  });

  it("never links by email: a provider naming a local account's address gets a user of its own", async () => {
    const local_ = await signIn(server.url, "user@tessera.dev", "tessera-demo");
    const me = (await ask(await local.sign({ sub: "impostor", email: "user@tessera.dev", name: "Impostor" }), ME)).body.data?.me;
    expect(me).toEqual({ id: expect.any(String), email: null, displayName: "Impostor" });
    expect(me.id).not.toBe(local_.user.id);
    expect((await signIn(server.url, "user@tessera.dev", "tessera-demo")).user.id).toBe(local_.user.id);
  });

  it("owns the drafts it creates, which no other user can see or edit", async () => {
    const author = await local.sign({ sub: "writer", scope: "posts:write", name: "Writer" });
    const created = await ask(author, 'mutation { createPost(input: { title: "From the IdP", body: "Hello" }) { id author { displayName } } }');
    expect(created.body.data?.createPost.author).toEqual({ displayName: "Writer" });
    const edit = `mutation($id: ID!) { updatePost(id: $id, input: { title: "Edited" }) { title } }`;
    const id = created.body.data?.createPost.id;
    expect((await ask(author, edit, { id })).body.data?.updatePost).toEqual({ title: "Edited" });
    // Another linked user cannot even see the draft.
    const other = await ask(await local.sign({ sub: "someone-else", scope: "posts:write" }), edit, { id });
    expect(other.body.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });

  it("with linkUsers off: me is null, and nothing can be stored under the viewer", async () => {
    const token = await unlinked.sign({ sub: "visitor", scope: "posts:write" });
    expect((await ask(token)).body.data?.viewer).toMatchObject({ id: "visitor", subject: "visitor", roles: ["USER"] });
    expect((await ask(token, ME)).body).toEqual({ data: { me: null } });
    const created = await ask(token, 'mutation { createPost(input: { title: "T", body: "B" }) { id } }');
    expect(created.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("revokeSessions on a linked user refuses that user's tokens on this instance at once", async () => {
    const token = await local.sign({ sub: "to-revoke" });
    const id = (await ask(token)).body.data?.viewer.id;
    await ask(token, ME);
    const admin = await signIn(server.url, "admin@tessera.dev", "tessera-demo");
    const revoked = await graphql(server.url, "mutation($id: ID!) { revokeSessions(userId: $id) }", { id }, { token: admin.accessToken });
    expect(revoked.body).toEqual({ data: { revokeSessions: true } });
    expectRefused(await ask(token), "TOKEN_REVOKED");
  });
});

describe("disabling a linked user", () => {
  const SET_DISABLED = "mutation($id: ID!, $disabled: Boolean!) { setUserDisabled(userId: $id, disabled: $disabled) { id } }";
  const nextSecond = () => sleep(1_000 - (Date.now() % 1_000) + 20);

  it("refuses its tokens, and the ones its provider issues afterwards, until it is enabled again", async () => {
    const before = await local.sign({ sub: "to-disable" });
    const id = (await ask(before)).body.data?.viewer.id;
    await ask(before, ME_QUERY);
    const admin = (await signIn(server.url, "admin@tessera.dev", "tessera-demo")).accessToken;

    await graphql(server.url, SET_DISABLED, { id, disabled: true }, { token: admin });
    expectRefused(await ask(before), "TOKEN_REVOKED");
    await nextSecond();
    expectRefused(await ask(await local.sign({ sub: "to-disable" })), "TOKEN_REVOKED");

    await graphql(server.url, SET_DISABLED, { id, disabled: false }, { token: admin });
    await nextSecond();
    expect((await ask(await local.sign({ sub: "to-disable" }))).body.data?.viewer.id).toBe(id);
  });
});

describe("what only Tessera's own accounts do", () => {
  it.each([
    ["signIn", 'mutation { signIn(email: "user@tessera.dev", password: "tessera-demo") { accessToken } }'],
    ["refreshToken", 'mutation { refreshToken(refreshToken: "x") { accessToken } }'],
    ["changePassword", 'mutation { changePassword(currentPassword: "a", newPassword: "correct horse battery") { accessToken } }'],
  ])("refuses %s from an external viewer, with reason EXTERNAL_IDENTITY", async (_name, mutation) => {
    const response = await ask(await local.sign({ sub: "external-person" }), mutation);
    expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "EXTERNAL_IDENTITY" });
  });
});

describe("subscriptions", () => {
  it("accept another issuer's token and close the connection at its exp", async () => {
    const exp = Math.floor(Date.now() / 1000) + 3;
    const subscription = subscribe(server.url, "subscription { postPublished { id } }", { token: await local.sign({ sub: "listener", exp }) });
    try {
      await subscription.connected;
      expect(await subscription.closed).toEqual({ code: 4401, reason: "TOKEN_EXPIRED" });
      // A timer can fire a few milliseconds early.
      expect(Date.now()).toBeGreaterThanOrEqual(exp * 1000 - 20);
    } finally {
      await subscription.dispose();
    }
  });
});

it("counts the key fetches: none per request once the keys are known", async () => {
  expect(await waitUntil(() => provider.jwksFetches >= 1, 1_000)).toBe(true);
  expect(provider.jwksFetches).toBe(1);
});
