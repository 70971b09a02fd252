import { graphql, signIn, VIEWER } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { expectInvalidRequest, expectViewer } from "./expect-rejected.js";
import { rawRequest } from "./forge.js";

export default function tokenOnlyFromOneAuthorizationHeader(): void {
  let server: TestServer;
  let sub: string;
  let token: string;
  beforeAll(async () => {
    server = await startTestServer();
    const session = await signIn(server.url, "user@tessera.dev", "tessera-demo");
    sub = session.user.id;
    token = session.accessToken;
  });
  afterAll(() => server.stop());

  const post = async (url: string, body: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
    return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
  };

  it("17: (control) the token in one Authorization header, with any-case scheme, is accepted", async () => {
    expectViewer(await graphql(server.url, VIEWER, {}, { token }), sub);
    expectViewer(await graphql(server.url, VIEWER, {}, { headers: { authorization: `bearer ${token}` } }), sub);
    expectViewer(await graphql(server.url, VIEWER, {}, { headers: { authorization: `BEARER ${token}` } }), sub);
  });

  it("17: ignores ?access_token= in the URL: the request is anonymous", async () => {
    const response = await graphql(`${server.url}?access_token=${token}`, VIEWER);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { viewer: null } });
  });

  it("17: ignores access_token in the JSON body when there is no header: the request is anonymous", async () => {
    const response = await post(server.url, { query: VIEWER, access_token: token });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { viewer: null } });
  });

  it("17: refuses a token in both the header and the body or the URL with 400 invalid_request", async () => {
    expectInvalidRequest(await post(server.url, { query: VIEWER, access_token: token }, { authorization: `Bearer ${token}` }));
    expectInvalidRequest(await graphql(`${server.url}?access_token=${token}`, VIEWER, {}, { token }));
  });

  it("17: refuses Basic, Bearer with no token, and Bearer with two tokens, with 400 invalid_request", async () => {
    for (const authorization of ["Basic abc", `Basic ${Buffer.from("user@tessera.dev:tessera-demo").toString("base64")}`, "Bearer", "Bearer a b", `Bearer ${token} ${token}`, `Bearer ${token}, Bearer ${token}`, `Token ${token}`, `Bearer:${token}`, token, ""]) {
      expectInvalidRequest(await graphql(server.url, VIEWER, {}, { headers: { authorization } }));
    }
  });

  it("17: refuses `Bearer ` with a trailing space, sent byte for byte, with 400 invalid_request", async () => {
    // Node's parser drops trailing whitespace from header values, so this reaches Tessera as `Bearer`.
    expectInvalidRequest(await rawRequest(server.url, [["authorization", "Bearer "]]));
    expectInvalidRequest(await rawRequest(server.url, [["authorization", "Bearer  "]]));
  });

  it("17: refuses two Authorization headers, even both carrying the valid token, with 400 invalid_request", async () => {
    expectInvalidRequest(await rawRequest(server.url, [["authorization", `Bearer ${token}`], ["authorization", `Bearer ${token}`]]));
    expectInvalidRequest(await rawRequest(server.url, [["Authorization", `Bearer ${token}`], ["authorization", "Basic abc"]]));
    expectInvalidRequest(await rawRequest(server.url, [["authorization", "Basic abc"], ["AUTHORIZATION", `Bearer ${token}`]]));
    // (control) the same raw request with one header is accepted
    expectViewer(await rawRequest(server.url, [["authorization", `Bearer ${token}`]], JSON.stringify({ query: VIEWER })), sub);
  });
}
