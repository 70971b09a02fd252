import { graphql, REFRESH, SIGN_IN, signIn, signUp, VIEWER, type GraphQLResponse } from "../helpers/graphql.js";
import { MIN_SECRET_LENGTH, secretsInLogs } from "../helpers/no-secrets-in-logs.js";
import { waitUntil } from "../helpers/wait.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { logEntries } from "./expect-rejected.js";

// Catalogue 32: tokens and passwords never appear in logs. The server logs at `trace`, its most
// talkative level, into `server.logs`; each test drives one flow that handles secrets, then asserts
// both that the log recorded the flow's requests (by the request id each response carries, so the
// capture is real) and that none of the flow's secrets is anywhere in it, as written or JSON-escaped.
// test/helpers/no-secrets-in-logs.ts runs the same search after every test file of the suite.
export default function secretsNeverLogged(): void {
  const CHANGE_PASSWORD = /* GraphQL */ `
    mutation Change($currentPassword: String!, $newPassword: String!) {
      changePassword(currentPassword: $currentPassword, newPassword: $newPassword) { accessToken refreshToken }
    }
  `;

  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ LOG_LEVEL: "trace" });
  });
  afterAll(() => server.stop());

  interface Logged {
    status: number;
    headers: Headers;
  }

  /** The messages the server logged for a response's request, once its "operation" line is written. */
  async function messagesFor(response: Logged): Promise<string[]> {
    const requestId = response.headers.get("x-request-id");
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const messages = () => logEntries(server.logs).filter((entry) => entry.reqId === requestId).map((entry) => entry.msg as string);
    await waitUntil(() => messages().includes("operation"), 2_000);
    return messages();
  }

  /** The flow was logged (each response's request, with the extra messages expected), and none of its secrets was. */
  async function expectLoggedWithoutSecrets(responses: Logged[], secrets: string[], extraMessages: string[] = []): Promise<void> {
    const logged = (await Promise.all(responses.map(messagesFor))).flat();
    expect(logged).toEqual(expect.arrayContaining(["operation", ...extraMessages]));
    expect(secrets.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(secret.length).toBeGreaterThanOrEqual(MIN_SECRET_LENGTH);
    expect(secretsInLogs(server.logs, secrets)).toEqual([]);
  }

  const tokensOf = (response: GraphQLResponse) => {
    const payload = Object.values(response.body.data ?? {})[0] as { accessToken: string; refreshToken: string };
    return [payload.accessToken, payload.refreshToken];
  };

  it("32: sign-in: the password and the issued access and refresh tokens are not logged", async () => {
    const password = "tessera-demo";
    const response = await graphql(server.url, SIGN_IN, { email: "user@tessera.dev", password });
    await expectLoggedWithoutSecrets([response], [password, ...tokensOf(response)]);
  });

  it("32: using an access token: the Authorization header and its token are not logged", async () => {
    const { accessToken } = await signIn(server.url, "user@tessera.dev", "tessera-demo");
    const response = await graphql(server.url, VIEWER, {}, { token: accessToken });
    expect(response.body.data?.viewer).not.toBeNull();
    await expectLoggedWithoutSecrets([response], [accessToken, `Bearer ${accessToken}`]);
  });

  it("32: refresh: neither the presented refresh token nor the new tokens are logged", async () => {
    const { refreshToken } = await signIn(server.url, "user@tessera.dev", "tessera-demo");
    const response = await graphql(server.url, REFRESH, { refreshToken });
    await expectLoggedWithoutSecrets([response], [refreshToken, ...tokensOf(response)]);
  });

  it("32: a reused refresh token is rejected and logged as such, without the token", async () => {
    const { refreshToken } = await signIn(server.url, "user@tessera.dev", "tessera-demo");
    await graphql(server.url, REFRESH, { refreshToken });
    const reuse = await graphql(server.url, REFRESH, { refreshToken });
    expect(reuse.body.errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
    await expectLoggedWithoutSecrets([reuse], [refreshToken], ["refresh token rejected"]);
  });

  it("32: change password: the current and new passwords and the new tokens are not logged", async () => {
    const account = await signUp(server.url, "current password 32");
    const newPassword = "new password 32 ünïcödé \"quoted\"";
    const response = await graphql(server.url, CHANGE_PASSWORD, { currentPassword: account.password, newPassword }, { token: account.accessToken });
    expect(response.body.errors).toBeUndefined();
    await expectLoggedWithoutSecrets([response], [account.password, newPassword, account.accessToken, ...tokensOf(response)]);
  });

  it("32: a token revoked by a password change is rejected (401) and logged as such, without the token", async () => {
    const account = await signUp(server.url, "password before revoke");
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // tokensValidAfter has one-second resolution
    await graphql(server.url, CHANGE_PASSWORD, { currentPassword: account.password, newPassword: "password after revoke" }, { token: account.accessToken });
    const response = await graphql(server.url, VIEWER, {}, { token: account.accessToken });
    expect(response.status).toBe(401);
    await expectLoggedWithoutSecrets([response], [account.accessToken], ["access token rejected"]);
  });

  it("32: failed sign-ins: wrong passwords, for known and unknown accounts, are not logged", async () => {
    const wrongPasswords = ["wrong-password-for-a-known-account", "wrong password with \\ backslash", "p".repeat(200)];
    const responses = [];
    for (const [i, password] of wrongPasswords.entries()) {
      const email = i === 1 ? "nobody-at-all@tessera.dev" : "user@tessera.dev";
      const response = await graphql(server.url, SIGN_IN, { email, password });
      expect(response.body.errors![0]!.extensions!.code).toBe("INVALID_CREDENTIALS");
      responses.push(response);
    }
    await expectLoggedWithoutSecrets(responses, wrongPasswords);
  });

  it("32: rejected access tokens (401): tampered, or a refresh token as Bearer, are logged as rejected, without the token", async () => {
    const { accessToken, refreshToken } = await signIn(server.url, "user@tessera.dev", "tessera-demo");
    const tampered = `${accessToken.slice(0, -6)}AAAAAA`;
    const responses = [];
    for (const token of [tampered, refreshToken]) {
      const response = await graphql(server.url, VIEWER, {}, { token });
      expect(response.status).toBe(401);
      responses.push(response);
    }
    await expectLoggedWithoutSecrets(responses, [tampered, refreshToken], ["access token rejected"]);
  });

  it("32: tokens in the URL (?access_token=, alone or with the header) are not logged: the URL is logged without its query", async () => {
    const { accessToken } = await signIn(server.url, "user@tessera.dev", "tessera-demo");
    const url = `${server.url}?access_token=${accessToken}`;
    const alone = await graphql(url, VIEWER);
    const withHeader = await graphql(url, VIEWER, {}, { token: accessToken });
    const overGet = await fetch(`${url}&query=${encodeURIComponent(VIEWER)}`, { headers: { "apollo-require-preflight": "true" } });
    expect([alone.status, withHeader.status, overGet.status]).toEqual([200, 400, 200]);
    await expectLoggedWithoutSecrets([alone, withHeader, overGet], [accessToken]);
    expect(logEntries(server.logs).filter((entry) => entry.reqId === alone.headers.get("x-request-id") && entry.req)).toEqual([
      expect.objectContaining({ req: expect.objectContaining({ url: "/graphql" }) }),
    ]);
  });

  it("32: Basic credentials in the Authorization header (refused with 400) are not logged", async () => {
    const credentials = Buffer.from("user@tessera.dev:tessera-demo").toString("base64");
    const response = await graphql(server.url, VIEWER, {}, { headers: { authorization: `Basic ${credentials}` } });
    expect(response.status).toBe(400);
    await expectLoggedWithoutSecrets([response], [credentials, "user@tessera.dev:tessera-demo"]);
  });

  it("32: a password variable of the wrong type, refused by GraphQL, is not logged (nor echoed)", async () => {
    const password = "password-inside-an-array";
    const response = await graphql(server.url, SIGN_IN, { email: "user@tessera.dev", password: [password] });
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).not.toContain(password);
    await expectLoggedWithoutSecrets([response], [password]);
  });

  it("32: the suite-wide search finds a secret written as is or JSON-escaped, and skips strings too short to search for", () => {
    const logs = ['{"msg":"oops","value":"say \\"hi\\" to ünï"}\n', '{"msg":"plain sk_live_123456789"}\n'];
    expect(secretsInLogs(logs, ['say "hi" to ünï', "sk_live_123456789", "absent-secret", "short"])).toEqual(['say "hi" to ünï', "sk_live_123456789"]);
    expect(secretsInLogs(logs, ["oops"])).toEqual([]);
  });
}
