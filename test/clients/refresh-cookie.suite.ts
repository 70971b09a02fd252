import { graphql, REFRESH, SIGN_IN, SIGN_UP, VIEWER, type GraphQLResponse } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

const APP = "http://app.example.test";
const COOKIE = "__Host-tessera-refresh";
const ISSUED = new RegExp(`^${COOKIE}=(rt_[A-Za-z0-9_-]{43}); Max-Age=(\\d+); Path=/; HttpOnly; Secure; SameSite=Strict$`);
const CLEARED = `${COOKIE}=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Strict`;
const PASSWORD = "correct horse battery";

const REFRESH_FROM_COOKIE = /* GraphQL */ `mutation { refreshToken { accessToken refreshToken refreshExpiresAt user { id } } }`;
const SIGN_OUT_FROM_COOKIE = /* GraphQL */ `mutation { signOut }`;
const SIGN_OUT = /* GraphQL */ `mutation ($refreshToken: String) { signOut(refreshToken: $refreshToken) }`;
const CHANGE_PASSWORD = /* GraphQL */ `
  mutation ($currentPassword: String!, $newPassword: String!) {
    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) { refreshToken refreshExpiresAt }
  }
`;

const REFRESH_REJECTED = { code: "UNAUTHENTICATED", reason: "REFRESH_TOKEN_INVALID" };
const ORIGIN_REFUSED = { code: "FORBIDDEN", reason: "ORIGIN_NOT_ALLOWED" };

export default function refreshCookie(): void {
  let server: TestServer;

  /** What a browser at `origin` (null: a client that sends none) holding the refresh cookie `token` sends. */
  function fromBrowser(token: string | undefined, origin: string | null = APP): Record<string, string> {
    return { ...(origin === null ? {} : { origin }), ...(token === undefined ? {} : { cookie: `${COOKIE}=${token}` }) };
  }

  /** The one Set-Cookie of a response that issued a refresh cookie: its token, after checking every attribute. */
  function issuedCookie(response: GraphQLResponse): { token: string; maxAge: number } {
    const setCookies = response.headers.getSetCookie();
    expect(setCookies).toEqual([expect.stringMatching(ISSUED)]);
    const [, token, maxAge] = ISSUED.exec(setCookies[0]!)!;
    return { token: token!, maxAge: Number(maxAge) };
  }

  let counter = 0;
  async function startSession(): Promise<{ email: string; token: string; accessToken: string }> {
    const email = `cookie${Date.now()}${counter++}@example.com`;
    const response = await graphql(server.url, SIGN_UP, { input: { email, password: PASSWORD, displayName: "Cookie Person" } });
    return { email, token: issuedCookie(response).token, accessToken: response.body.data!.signUp.accessToken };
  }

  function refreshFromCookie(token: string | undefined, origin?: string): Promise<GraphQLResponse> {
    return graphql(server.url, REFRESH_FROM_COOKIE, {}, { headers: fromBrowser(token, origin) });
  }

  describe("REFRESH_TOKEN_TRANSPORT=cookie", () => {
    beforeAll(async () => {
      server = await startTestServer({ CORS_ORIGINS: APP, REFRESH_TOKEN_TRANSPORT: "cookie" });
    });
    afterAll(() => server.stop());

    const issuers: Array<[string, () => Promise<{ response: GraphQLResponse; field: string }>]> = [
      ["signUp", async () => {
        const email = `cookie${Date.now()}${counter++}@example.com`;
        return { response: await graphql(server.url, SIGN_UP, { input: { email, password: PASSWORD, displayName: "C" } }), field: "signUp" };
      }],
      ["signIn", async () => {
        const { email } = await startSession();
        return { response: await graphql(server.url, SIGN_IN, { email, password: PASSWORD }), field: "signIn" };
      }],
      ["changePassword", async () => {
        const { accessToken } = await startSession();
        const variables = { currentPassword: PASSWORD, newPassword: "another horse battery" };
        return { response: await graphql(server.url, CHANGE_PASSWORD, variables, { token: accessToken }), field: "changePassword" };
      }],
    ];

    it.each(issuers)("%s sets the __Host- cookie with exact attributes, lasting as long as the family, and returns refreshToken null", async (_name, issue) => {
      const { response, field } = await issue();
      const { maxAge } = issuedCookie(response);
      const payload = response.body.data![field];
      expect(payload.refreshToken).toBeNull();
      const secondsLeft = (Date.parse(payload.refreshExpiresAt) - Date.now()) / 1000;
      expect(maxAge).toBeLessThanOrEqual(secondsLeft + 1);
      expect(maxAge).toBeGreaterThan(secondsLeft - 5);
    });

    it("refreshes from the cookie: a new access token, a new cookie, and refreshToken null", async () => {
      const session = await startSession();
      const response = await refreshFromCookie(session.token);
      const next = issuedCookie(response).token;
      expect(next).not.toBe(session.token);
      expect(response.body.data!.refreshToken.refreshToken).toBeNull();
      const viewer = await graphql(server.url, VIEWER, {}, { token: response.body.data!.refreshToken.accessToken });
      expect(viewer.body.data!.viewer.id).toBe(response.body.data!.refreshToken.user.id);
    });

    it("accepts the cookie from the API's own origin as well as a listed one", async () => {
      const session = await startSession();
      issuedCookie(await refreshFromCookie(session.token, server.origin));
    });

    it("revokes the family when an old cookie value comes back, like a reused body token", async () => {
      const session = await startSession();
      const next = issuedCookie(await refreshFromCookie(session.token)).token;
      const reuse = await refreshFromCookie(session.token);
      expect(reuse.body.errors![0]!.extensions).toEqual(REFRESH_REJECTED);
      expect(reuse.headers.getSetCookie()).toEqual([CLEARED]);
      expect((await refreshFromCookie(next)).body.errors![0]!.extensions).toEqual(REFRESH_REJECTED);
    });

    it("answers a refresh with no cookie and no argument with REFRESH_TOKEN_INVALID, clearing the cookie", async () => {
      const response = await refreshFromCookie(undefined);
      expect(response.body.errors![0]!.extensions).toEqual(REFRESH_REJECTED);
      expect(response.headers.getSetCookie()).toEqual([CLEARED]);
    });

    it("signs out from the cookie: the cookie is cleared and its family revoked", async () => {
      const session = await startSession();
      const response = await graphql(server.url, SIGN_OUT_FROM_COOKIE, {}, { headers: fromBrowser(session.token) });
      expect(response.body).toEqual({ data: { signOut: true } });
      expect(response.headers.getSetCookie()).toEqual([CLEARED]);
      expect((await refreshFromCookie(session.token)).body.errors![0]!.extensions).toEqual(REFRESH_REJECTED);
    });

    it("takes a token passed as the argument without an Origin (a non-browser client), and still returns the next in the cookie", async () => {
      const session = await startSession();
      const response = await graphql(server.url, REFRESH, { refreshToken: session.token });
      expect(issuedCookie(response).token).not.toBe(session.token);
      expect(response.body.data!.refreshToken.refreshToken).toBeNull();
    });

    const refusedOrigins: Array<[string, string | null]> = [
      ["another site", "https://evil.example.test"],
      ["no Origin header", null],
      ["an opaque origin", "null"],
      ["a listed host on another port", "http://app.example.test:8080"],
    ];
    const cookieOperations: Array<[string, string]> = [
      ["refreshToken", REFRESH_FROM_COOKIE],
      ["signOut", SIGN_OUT_FROM_COOKIE],
    ];
    describe.each(cookieOperations)("%s using the cookie", (_name, operation) => {
      it.each(refusedOrigins)("is refused from %s with 403 ORIGIN_NOT_ALLOWED, and nothing changes", async (_label, origin) => {
        const session = await startSession();
        const response = await graphql(server.url, operation, {}, { headers: fromBrowser(session.token, origin) });
        expect(response.status).toBe(403);
        expect(response.body.errors!.map((error) => error.extensions)).toEqual([ORIGIN_REFUSED]);
        expect(response.headers.getSetCookie()).toEqual([]);
        // Neither rotated (that would make this a reuse) nor revoked: the same cookie still refreshes.
        issuedCookie(await refreshFromCookie(session.token));
      });

      it("is refused from the API's own host on another port", async () => {
        const session = await startSession();
        const otherPort = `http://127.0.0.1:${server.tessera.port + 1}`;
        const response = await graphql(server.url, operation, {}, { headers: fromBrowser(session.token, otherPort) });
        expect({ status: response.status, errors: response.body.errors!.map((error) => error.extensions) }).toEqual({
          status: 403,
          errors: [ORIGIN_REFUSED],
        });
      });
    });
  });

  describe("REFRESH_TOKEN_TRANSPORT=body (the default)", () => {
    beforeAll(async () => {
      server = await startTestServer({ CORS_ORIGINS: APP });
    });
    afterAll(() => server.stop());

    async function bodySession(): Promise<string> {
      const response = await graphql(server.url, SIGN_IN, { email: "user@tessera.dev", password: "tessera-demo" });
      expect(response.headers.getSetCookie()).toEqual([]);
      return response.body.data!.signIn.refreshToken;
    }

    it("returns refresh tokens in the body and sets no cookie", async () => {
      const token = await bodySession();
      expect(token).toMatch(/^rt_/);
      const response = await graphql(server.url, REFRESH, { refreshToken: token }, { headers: { origin: APP } });
      expect(response.body.data!.refreshToken.refreshToken).toMatch(/^rt_/);
      expect(response.headers.getSetCookie()).toEqual([]);
    });

    it.each([
      ["refreshToken", REFRESH_FROM_COOKIE],
      ["signOut", SIGN_OUT],
    ])("answers %s without the argument with BAD_USER_INPUT, ignoring any refresh cookie", async (_name, operation) => {
      const token = await bodySession();
      const response = await graphql(server.url, operation, {}, { headers: fromBrowser(token) });
      expect(response.body.errors![0]!.extensions).toEqual({
        code: "BAD_USER_INPUT",
        fields: [{ field: "refreshToken", message: expect.stringContaining("REFRESH_TOKEN_TRANSPORT=body") }],
      });
      expect(response.headers.getSetCookie()).toEqual([]);
      // The cookie's token was not used: it still rotates.
      expect((await graphql(server.url, REFRESH, { refreshToken: token })).body.data!.refreshToken.refreshToken).toMatch(/^rt_/);
    });
  });
}
