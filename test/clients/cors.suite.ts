import { ConfigError, loadConfig } from "../../src/config.js";
import { graphql, signIn, VIEWER } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

const APP = "http://app.example.test";
const DEV_APP = "http://localhost:5173";

/** The response headers CORS is about: every Access-Control-* header, and Vary. */
function corsHeaders(headers: Headers): Record<string, string> {
  return Object.fromEntries([...headers].filter(([name]) => name.startsWith("access-control-") || name === "vary"));
}

function preflight(url: string, origin: string): Promise<Response> {
  return fetch(url, {
    method: "OPTIONS",
    headers: {
      origin,
      "access-control-request-method": "POST",
      "access-control-request-headers": "authorization,content-type,x-apollo-operation-name",
    },
  });
}

export default function cors(): void {
  describe("with CORS_ORIGINS listing two origins", () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ CORS_ORIGINS: ` ${APP}, ${DEV_APP} ` });
    });
    afterAll(() => server.stop());

    it.each([APP, DEV_APP])("answers a preflight from %s with exactly the allow headers, for that origin only", async (origin) => {
      const response = await preflight(server.url, origin);
      expect(response.status).toBe(204);
      expect(corsHeaders(response.headers)).toEqual({
        "access-control-allow-origin": origin,
        "access-control-allow-credentials": "true",
        "access-control-allow-methods": "GET, POST",
        "access-control-allow-headers": "content-type, authorization, dpop, apollo-require-preflight, x-apollo-operation-name",
        "access-control-expose-headers": "dpop-nonce, www-authenticate",
        "access-control-max-age": "600",
        vary: "Origin",
      });
    });

    it.each([
      ["another site", "https://evil.example.test"],
      ["a listed host on another port", "http://app.example.test:8080"],
      ["a listed host over another scheme", "https://app.example.test"],
      ["a subdomain of a listed host", "http://x.app.example.test"],
      ["an opaque origin", "null"],
    ])("gives a preflight from %s no CORS headers at all", async (_label, origin) => {
      const response = await preflight(server.url, origin);
      expect(response.status).toBe(404);
      expect(corsHeaders(response.headers)).toEqual({ vary: "Origin" });
    });

    it("lets a listed origin read the answer to a credentialed POST", async () => {
      const session = await signIn(server.url, "user@tessera.dev", "tessera-demo");
      const response = await graphql(server.url, VIEWER, {}, { token: session.accessToken, headers: { origin: APP } });
      expect(response.body.data!.viewer.id).toBe(session.user.id);
      expect(corsHeaders(response.headers)).toEqual({
        "access-control-allow-origin": APP,
        "access-control-allow-credentials": "true",
        // A browser client reads the DPoP nonce and the challenge of a refused token.
        "access-control-expose-headers": "dpop-nonce, www-authenticate",
        vary: "Origin",
      });
    });

    it("sends an unlisted origin's POST no CORS headers, so its browser withholds the answer", async () => {
      const response = await graphql(server.url, VIEWER, {}, { headers: { origin: "https://evil.example.test" } });
      expect(corsHeaders(response.headers)).toEqual({ vary: "Origin" });
    });

    it("sends a same-origin or non-browser request (no Origin) no CORS headers", async () => {
      const response = await graphql(server.url, VIEWER);
      expect(response.body).toEqual({ data: { viewer: null } });
      expect(corsHeaders(response.headers)).toEqual({ vary: "Origin" });
    });
  });

  describe("without CORS_ORIGINS", () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer();
    });
    afterAll(() => server.stop());

    it("allows no cross-origin access: a preflight gets no CORS headers", async () => {
      const response = await preflight(server.url, DEV_APP);
      expect(response.status).toBe(404);
      expect(corsHeaders(response.headers)).toEqual({ vary: "Origin" });
    });
  });

  describe("CORS_ORIGINS validation", () => {
    it.each([
      ["a wildcard", "*"],
      ["a trailing slash", "https://app.example.test/"],
      ["a path", "https://app.example.test/app"],
      ["no scheme", "app.example.test"],
      ["upper case", "https://App.example.test"],
      ["the default port spelled out", "https://app.example.test:443"],
      ["a scheme other than http(s)", "ftp://app.example.test"],
      ["the opaque origin", "null"],
    ])("refuses to start with %s, naming the value", (_label, value) => {
      const load = () => loadConfig({ CORS_ORIGINS: `${APP},${value}` });
      expect(load).toThrow(ConfigError);
      expect(load).toThrow(`CORS_ORIGINS: ${JSON.stringify(value)} is not an origin as browsers send it`);
    });

    it("accepts exact origins, IPv6 and ports included", () => {
      const origins = ["https://app.example.test", "http://localhost:5173", "http://[::1]:3000"];
      expect(loadConfig({ CORS_ORIGINS: origins.join(",") }).corsOrigins).toEqual(origins);
    });
  });
}
