import { graphql, VIEWER } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { expectInvalidToken } from "./expect-rejected.js";

// Catalogue 29: GET without content-type, POST as text/plain, urlencoded or multipart → 400 (CSRF
// prevention) and the context function never runs; a mutation over GET → 405.
//
// How "the context never runs" is observed from outside: every request below carries a well-formed
// Bearer token that does not verify. The context function is what verifies tokens, so had it run,
// the answer would be 401 with `WWW-Authenticate: Bearer error="invalid_token"` (the control shows
// it). A 400 with Apollo's CSRF message and no WWW-Authenticate means it was never called.
export default function csrfAndContentTypes(): void {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  const INVALID_BEARER = "Bearer not.a.token";
  const QUERY = "{ __typename }";

  const csrfBlocked = {
    errors: [{ message: expect.stringMatching(/^This operation has been blocked as a potential Cross-Site Request Forgery \(CSRF\)/), extensions: { code: "BAD_REQUEST" } }],
  };

  async function send(init: RequestInit & { url?: string }) {
    const response = await fetch(init.url ?? server.url, init);
    return { status: response.status, headers: response.headers, body: (await response.json()) as unknown };
  }

  function expectCsrfBlockedBeforeContext(response: Awaited<ReturnType<typeof send>>) {
    expect({ status: response.status, wwwAuthenticate: response.headers.get("www-authenticate"), body: response.body }).toEqual({
      status: 400,
      wwwAuthenticate: null,
      body: csrfBlocked,
    });
  }

  const getUrl = (query: string) => `${server.url}?query=${encodeURIComponent(query)}`;
  const rejectionsLogged = () => server.logs.filter((line) => line.includes('"msg":"access token rejected"')).length;

  it("29: (control) the invalid Bearer token is refused with 401, and logged, once the context runs", async () => {
    const before = rejectionsLogged();
    expectInvalidToken(await graphql(server.url, QUERY, {}, { headers: { authorization: INVALID_BEARER } }));
    expectInvalidToken(await send({ url: getUrl(QUERY), headers: { authorization: INVALID_BEARER, "apollo-require-preflight": "true" } }));
    expect(rejectionsLogged()).toBe(before + 2);
  });

  it("29: refuses a GET with no content-type and no preflight header with 400, before the context runs", async () => {
    const before = rejectionsLogged();
    expectCsrfBlockedBeforeContext(await send({ url: getUrl(QUERY), headers: { authorization: INVALID_BEARER } }));
    expect(rejectionsLogged()).toBe(before);
  });

  it.each([
    ["text/plain", JSON.stringify({ query: QUERY })],
    ["text/plain; charset=utf-8", JSON.stringify({ query: QUERY })],
    ["application/x-www-form-urlencoded", `query=${encodeURIComponent(QUERY)}`],
    ["multipart/form-data; boundary=tessera", `--tessera\r\nContent-Disposition: form-data; name="query"\r\n\r\n${QUERY}\r\n--tessera--\r\n`],
  ])("29: refuses a POST as %s with 400, before the context runs", async (contentType, body) => {
    const before = rejectionsLogged();
    expectCsrfBlockedBeforeContext(await send({ method: "POST", headers: { "content-type": contentType, authorization: INVALID_BEARER }, body }));
    expect(rejectionsLogged()).toBe(before);
  });

  it("29: refuses a mutation over GET with 405 and Allow: POST", async () => {
    const response = await send({ url: getUrl('mutation { signOut(refreshToken: "rt_x") }'), headers: { "apollo-require-preflight": "true" } });
    expect({ status: response.status, allow: response.headers.get("allow"), body: response.body }).toEqual({
      status: 405,
      allow: "POST",
      body: { errors: [{ message: expect.stringMatching(/only support query operations/), extensions: { code: "BAD_REQUEST" } }] },
    });
  });

  it("29: answers a GET query that sends apollo-require-preflight: true", async () => {
    const response = await send({ url: getUrl(VIEWER), headers: { "apollo-require-preflight": "true" } });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { viewer: null } });
  });
}
