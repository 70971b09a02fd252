import { loadConfig, ConfigError } from "../../src/config.js";
import { graphql } from "../helpers/graphql.js";
import { startTestServer, testEnvironment, type TestServer } from "../helpers/server.js";
import { productionEnvironment } from "./production-environment.js";

// What GET /graphql answers a browser under each PLAYGROUND setting, and that every other request still
// executes GraphQL. The browser itself is in browser.test.ts.

const BROWSER = { accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" };

/** A server for the enclosing describe block (one at a time: servers in one process share mongoose's connection). */
function serverFor(environment: () => Record<string, string> | Promise<Record<string, string>>): { server: TestServer } {
  const holder = {} as { server: TestServer };
  beforeAll(async () => {
    holder.server = await startTestServer(await environment());
  });
  afterAll(() => holder.server?.stop());
  return holder;
}

/** A GET, its body read to the end: an unread body keeps the connection, and so the server, open. */
async function get(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

const openInBrowser = (server: TestServer) => get(server.url, BROWSER);
const statusOf = async (url: string) => (await get(url)).status;

/** The settings the server wrote into the page. */
function settingsIn(html: string): unknown {
  const block = /<script id="playground-settings" type="application\/json">(.*?)<\/script>/.exec(html);
  return block && JSON.parse(block[1]!);
}

const scriptsIn = (html: string) => [...html.matchAll(/<script[^>]* src="([^"]+)"/g)].map((match) => match[1]!);

describe("in development (the default: PLAYGROUND=graphiql)", () => {
  const started = serverFor(() => ({}));

  it("serves the playground page to a browser at GET /graphql, listing the demo accounts", async () => {
    const response = await openInBrowser(started.server);
    const html = response.text;
    expect({ status: response.status, type: response.headers.get("content-type") }).toEqual({ status: 200, type: "text/html" });
    expect(html).toMatch(/<title>Tessera playground<\/title>/);
    expect(settingsIn(html)).toEqual({
      demoAccounts: [
        { email: "user@tessera.dev", roles: ["USER"] },
        { email: "editor@tessera.dev", roles: ["EDITOR"] },
        { email: "admin@tessera.dev", roles: ["ADMIN"] },
      ],
      demoPassword: "tessera-demo",
    });
  });

  it("loads every script from /playground/assets/ on its own origin, cached for good (names carry a hash)", async () => {
    const { text: html } = await openInBrowser(started.server);
    const scripts = scriptsIn(html);
    expect(scripts).toEqual([expect.stringMatching(/^\/playground\/assets\/index-[\w-]+\.js$/)]);
    const script = await get(`${started.server.origin}${scripts[0]}`);
    expect(script.status).toBe(200);
    expect(script.text).toContain("graphiql-container");
    expect(script.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(script.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(await statusOf(`${started.server.origin}/playground/assets/missing.js`)).toBe(404);
  });

  it("sends a Content-Security-Policy that allows scripts and workers from this origin only", async () => {
    const policy = (await openInBrowser(started.server)).headers.get("content-security-policy");
    expect(policy).toMatch(/(^|;)script-src 'self'(;|$)/);
    expect(policy).toMatch(/(^|;)default-src 'self'(;|$)/);
    expect(policy).not.toMatch(/unsafe-eval|worker-src|child-src/);
    // Development is served over plain http: its asset URLs must not be upgraded to https.
    expect(policy).not.toMatch(/upgrade-insecure-requests/);
  });

  it("still executes a GET whose Accept asks for JSON", async () => {
    const response = await fetch(`${started.server.url}?query=${encodeURIComponent("{ __typename }")}`, {
      headers: { accept: "application/json", "apollo-require-preflight": "true" },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { __typename: "Query" } });
  });

  it("still executes a POST, whatever it accepts", async () => {
    expect((await graphql(started.server.url, "{ __typename }", {}, { headers: BROWSER })).body).toEqual({ data: { __typename: "Query" } });
  });
});

describe("in production, by default", () => {
  const started = serverFor(() => productionEnvironment());

  it("serves no playground: the browser's GET is refused in JSON, and no assets are served", async () => {
    const { server } = started;
    const response = await openInBrowser(server);
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.text).not.toMatch(/<html|playground/i);
    expect(await statusOf(`${server.origin}/playground/assets/index.js`)).toBe(404);
  });

  it("refuses PLAYGROUND=sandbox: Apollo's CDN pages cannot run under production's policy", async () => {
    const environment = testEnvironment(await productionEnvironment({ PLAYGROUND: "sandbox" }));
    expect(() => loadConfig(environment)).toThrow(ConfigError);
    expect(() => loadConfig(environment)).toThrow(/PLAYGROUND=sandbox/);
  });
});

describe("in production with PLAYGROUND=graphiql", () => {
  const started = serverFor(() => productionEnvironment({ PLAYGROUND: "graphiql" }));

  it("serves the page, without demo accounts, under the production policy", async () => {
    const { server } = started;
    const response = await openInBrowser(server);
    const html = response.text;
    expect(response.status).toBe(200);
    expect(settingsIn(html)).toEqual({ demoAccounts: [] });
    expect(html).not.toMatch(/tessera-demo|@tessera\.dev/);
    expect(response.headers.get("content-security-policy")).toMatch(/(^|;)script-src 'self';.*upgrade-insecure-requests/);
    const [script] = scriptsIn(html);
    expect(await statusOf(`${server.origin}${script}`)).toBe(200);
  });

  it("answers introspection (the editor and docs need the schema; test 28 shows it refused when the playground is off)", async () => {
    const query = '{ __type(name: "Query") { fields { name description } } }';
    const { body } = await graphql(started.server.url, query);
    expect(body.data?.__type.fields).toContainEqual({ name: "users", description: expect.stringMatching(/Requires: role ADMIN; scope users:admin$/) });
  });
});

describe("PLAYGROUND=off", () => {
  const started = serverFor(() => ({ PLAYGROUND: "off" }));

  it("serves no page in development either", async () => {
    const response = await openInBrowser(started.server);
    expect(response.status).toBe(400);
    expect(await statusOf(`${started.server.origin}/playground/assets/index.js`)).toBe(404);
  });
});

describe("PLAYGROUND=sandbox", () => {
  const started = serverFor(() => ({ PLAYGROUND: "sandbox" }));

  it("serves Apollo Sandbox (from Apollo's CDN, so without a Content-Security-Policy)", async () => {
    const response = await openInBrowser(started.server);
    expect(response.status).toBe(200);
    expect(response.text).toMatch(/embeddable-sandbox\.cdn\.apollographql\.com/);
    expect(response.headers.get("content-security-policy")).toBeNull();
  });
});
