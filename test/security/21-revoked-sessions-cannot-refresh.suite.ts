import { decodeJwt } from "jose";
import { UserModel } from "../../src/users/user.model.js";
import { graphql, REFRESH, signIn, signUp, VIEWER, type GraphQLResponse, type Session } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

// Catalogue 21: replay after signOut, password change, role change or account disable, including
// the same token re-encoded, is refused at refresh; access tokens die at `exp`, or earlier when the
// user is revoked (signOut everywhere, password change, disable, revokeSessions).
export default function revokedSessionsCannotRefresh(): void {
  const SIGN_OUT = /* GraphQL */ `mutation ($refreshToken: String!) { signOut(refreshToken: $refreshToken) }`;
  const CHANGE_PASSWORD = /* GraphQL */ `
    mutation ($currentPassword: String!, $newPassword: String!) {
      changePassword(currentPassword: $currentPassword, newPassword: $newPassword) { accessToken }
    }
  `;
  const REFRESH_REJECTED = { code: "UNAUTHENTICATED", reason: "REFRESH_TOKEN_INVALID" };

  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  function refresh(refreshToken: string): Promise<GraphQLResponse> {
    return graphql(server.url, REFRESH, { refreshToken });
  }

  type Account = Awaited<ReturnType<typeof signUp>>;

  const events: Array<[string, (account: Account) => Promise<unknown>]> = [
    ["signOut", (a) => graphql(server.url, SIGN_OUT, { refreshToken: a.refreshToken })],
    ["a password change", (a) => graphql(server.url, CHANGE_PASSWORD, { currentPassword: a.password, newPassword: "an entirely new password" }, { token: a.accessToken })],
    ["account disable", (a) => UserModel.updateOne({ _id: a.user.id }, { $set: { disabled: true } })],
  ];

  it.each(events)("21: refuses the refresh token held before %s", async (_event, happen) => {
    const account = await signUp(server.url);
    await happen(account);
    expect((await refresh(account.refreshToken)).body.errors![0]!.extensions).toEqual(REFRESH_REJECTED);
  });

  it.each(events)("21: refuses a replay, after %s, of a token that was already rotated", async (_event, happen) => {
    const account = await signUp(server.url);
    const next = (await refresh(account.refreshToken)).body.data!.refreshToken as Session;
    await happen({ ...account, ...next });
    expect((await refresh(account.refreshToken)).body.errors![0]!.extensions).toEqual(REFRESH_REJECTED);
  });

  it("21: refuses a replay, after a role change, of a token that was already rotated", async () => {
    const account = await signUp(server.url);
    await refresh(account.refreshToken);
    await UserModel.updateOne({ _id: account.user.id }, { $set: { roles: ["EDITOR"] } });
    expect((await refresh(account.refreshToken)).body.errors![0]!.extensions).toEqual(REFRESH_REJECTED);
  });

  it("21: never mints the old roles after a role change: a refresh token held across it yields the new roles only", async () => {
    const admin = await signIn(server.url, "admin@tessera.dev", "tessera-demo");
    await UserModel.updateOne({ _id: admin.user.id }, { $set: { roles: ["USER"] } });
    const response = await refresh(admin.refreshToken);
    expect(decodeJwt(response.body.data!.refreshToken.accessToken).roles).toEqual(["USER"]);
  });

  /** Other spellings of the same 32 bytes, or of the same string, that must not count as the token. */
  function reEncodings(token: string): Array<[string, string]> {
    const body = token.slice(3);
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const last = alphabet.indexOf(body.at(-1)!);
    // 43 characters carry 258 bits for 256: the last character's low two bits are ignored by decoders.
    const nonCanonical = "rt_" + body.slice(0, -1) + alphabet[last ^ 0b01];
    if (!Buffer.from(nonCanonical.slice(3), "base64url").equals(Buffer.from(body, "base64url"))) {
      throw new Error("test bug: the non-canonical encoding must decode to the same bytes");
    }
    return [
      ["with base64 padding (=)", token + "="],
      ["with base64 padding (==)", token + "=="],
      ["in the standard base64 alphabet (+ and /)", token.slice(0, 3) + body.replaceAll("-", "+").replaceAll("_", "/")],
      ["with a non-canonical last character that decodes to the same bytes", nonCanonical],
      ["with surrounding whitespace", ` ${token}\n`],
      ["with an upper-case prefix", "RT_" + body],
    ];
  }

  /** A session whose refresh token contains - or _, so the standard-alphabet spelling differs from it. */
  async function sessionWithUrlSafeCharacters(): Promise<Session> {
    for (let attempt = 0; attempt < 30; attempt++) {
      const session = await signIn(server.url, "editor@tessera.dev", "tessera-demo");
      if (/[-_]/.test(session.refreshToken.slice(3))) return session;
    }
    throw new Error("no refresh token with - or _ in 30 sign-ins");
  }

  describe("re-encoded refresh tokens", () => {
    let session: Session;
    beforeAll(async () => {
      session = await sessionWithUrlSafeCharacters();
    });

    it.each([0, 1, 2, 3, 4, 5])("21: refuses re-encoding #%i of a live refresh token", async (index) => {
      const [label, variant] = reEncodings(session.refreshToken)[index]!;
      expect(variant).not.toBe(session.refreshToken);
      const response = await refresh(variant);
      expect({ label, extensions: response.body.errors?.[0]?.extensions }).toEqual({ label, extensions: REFRESH_REJECTED });
    });

    it("21: leaves the original token usable after its re-encodings were refused", async () => {
      for (const [, variant] of reEncodings(session.refreshToken)) await refresh(variant);
      expect((await refresh(session.refreshToken)).body.errors).toBeUndefined();
    });
  });

  describe("access tokens after revocation", () => {
    const SIGN_OUT_EVERYWHERE = /* GraphQL */ `mutation ($refreshToken: String!) { signOut(refreshToken: $refreshToken, everywhere: true) }`;
    // A fresh ADMIN: another test in this file demotes the demo admin.
    const asAdmin = async (query: string, variables: Record<string, unknown>) => {
      const admin = await signUp(server.url);
      await UserModel.updateOne({ _id: admin.user.id }, { $set: { roles: ["ADMIN"] } });
      const { accessToken } = await signIn(server.url, admin.email, admin.password);
      return graphql(server.url, query, variables, { token: accessToken });
    };
    const revocations: Array<[string, (account: Account) => Promise<unknown>]> = [
      ["signOut everywhere", (a) => graphql(server.url, SIGN_OUT_EVERYWHERE, { refreshToken: a.refreshToken })],
      ["a password change", (a) => graphql(server.url, CHANGE_PASSWORD, { currentPassword: a.password, newPassword: "an entirely new password" }, { token: a.accessToken })],
      ["setUserDisabled", (a) => asAdmin("mutation ($id: ID!) { setUserDisabled(userId: $id, disabled: true) { id } }", { id: a.user.id })],
      ["revokeSessions", (a) => asAdmin("mutation ($id: ID!) { revokeSessions(userId: $id) }", { id: a.user.id })],
    ];

    it.each(revocations)("21: refuses an access token issued before %s with 401 TOKEN_REVOKED", async (_event, happen) => {
      const account = await signUp(server.url);
      const revoked = (await happen(account)) as GraphQLResponse;
      expect(revoked.body.errors).toBeUndefined();
      const response = await graphql(server.url, VIEWER, {}, { token: account.accessToken });
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe('Bearer error="invalid_token"');
      expect(response.body.errors![0]!.extensions).toEqual({ code: "UNAUTHENTICATED", reason: "TOKEN_REVOKED" });
    });

    it("21: accepts the fresh access token that changePassword returns, though it was issued in the revocation's second", async () => {
      const account = await signUp(server.url);
      const changed = await graphql(server.url, CHANGE_PASSWORD, { currentPassword: account.password, newPassword: "an entirely new password" }, { token: account.accessToken });
      const response = await graphql(server.url, VIEWER, {}, { token: changed.body.data!.changePassword.accessToken });
      expect(response.status).toBe(200);
      expect(response.body.data!.viewer.id).toBe(account.user.id);
    });

    it("21: a plain signOut ends the refresh family only: its access token lives until exp, at most JWT_ACCESS_TTL_SECONDS", async () => {
      const account = await signUp(server.url);
      await graphql(server.url, SIGN_OUT, { refreshToken: account.refreshToken });
      expect((await graphql(server.url, VIEWER, {}, { token: account.accessToken })).status).toBe(200);
      const { iat, exp } = decodeJwt(account.accessToken);
      expect(exp! - iat!).toBe(server.config.jwt.accessTokenTtlSeconds);
      expect(server.config.jwt.accessTokenTtlSeconds).toBeLessThanOrEqual(3_600);
    });

    it("21: a role change alone keeps the token's roles until its next refresh", async () => {
      const account = await signUp(server.url);
      await UserModel.updateOne({ _id: account.user.id }, { $set: { roles: ["EDITOR"] } });
      const response = await graphql(server.url, VIEWER, {}, { token: account.accessToken });
      expect(response.body.data!.viewer.roles).toEqual(["USER"]);
    });
  });
}
