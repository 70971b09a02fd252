import { expectNothingReturned, graphql, REFRESH, signIn, VIEWER } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

// Catalogue 11: a refresh token sent as Bearer → 401; an access token sent to refreshToken → rejected.
export default function refreshAndAccessTokensAreNotInterchangeable(): void {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it("11: answers a refresh token sent as Bearer with 401 TOKEN_INVALID and a Bearer challenge", async () => {
    const session = await signIn(server.url, "user@tessera.dev", "tessera-demo");
    const response = await graphql(server.url, VIEWER, {}, { token: session.refreshToken });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Bearer error="invalid_token"');
    expect(response.body.data ?? null).toBeNull();
    expect(response.body.errors![0]!.extensions).toEqual({ code: "UNAUTHENTICATED", reason: "TOKEN_INVALID" });
  });

  it("11: does not consume or revoke a refresh token that was sent as Bearer", async () => {
    const session = await signIn(server.url, "user@tessera.dev", "tessera-demo");
    await graphql(server.url, VIEWER, {}, { token: session.refreshToken });
    const response = await graphql(server.url, REFRESH, { refreshToken: session.refreshToken });
    expect(response.body.errors).toBeUndefined();
  });

  it("11: rejects an access token sent to refreshToken with REFRESH_TOKEN_INVALID", async () => {
    const session = await signIn(server.url, "user@tessera.dev", "tessera-demo");
    const response = await graphql(server.url, REFRESH, { refreshToken: session.accessToken });
    expectNothingReturned(response.body.data);
    expect(response.body.errors![0]!.extensions).toEqual({ code: "UNAUTHENTICATED", reason: "REFRESH_TOKEN_INVALID" });
  });

  it("11: rejects an access token sent to refreshToken even by a caller authenticated with it", async () => {
    const session = await signIn(server.url, "user@tessera.dev", "tessera-demo");
    const response = await graphql(server.url, REFRESH, { refreshToken: session.accessToken }, { token: session.accessToken });
    expect(response.body.errors![0]!.extensions).toEqual({ code: "UNAUTHENTICATED", reason: "REFRESH_TOKEN_INVALID" });
  });
}
