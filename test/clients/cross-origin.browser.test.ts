import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchBrowser } from "../helpers/browser.js";
import { seenSecrets, SIGN_IN } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

// A page on another origin of the same site (127.0.0.1, another port) calls the API from Debian's
// Chromium with credentials, as a browser client in cookie mode does: what the header-level tests in
// cors.suite.ts and refresh-cookie.suite.ts assert, as a browser actually enforces it.

const REFRESH = /* GraphQL */ `mutation { refreshToken { accessToken refreshToken } }`;

/** An empty page on a fresh 127.0.0.1 port: an origin to run fetch from. */
async function servePage(): Promise<{ origin: string; server: Server }> {
  const server = createServer((_request, response) => response.end("<!doctype html><title>client</title>"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

type FetchOutcome = { status: number; body: any } | { failed: string };

/** fetch() from inside the page, as an app would: JSON, credentials included. */
function fetchFromPage(page: Page, url: string, query: string, variables: Record<string, unknown> = {}): Promise<FetchOutcome> {
  return page.evaluate(
    async ({ url, query, variables }) => {
      try {
        const body = JSON.stringify({ query, variables });
        const response = await fetch(url, { method: "POST", credentials: "include", headers: { "content-type": "application/json" }, body });
        return { status: response.status, body: await response.json() };
      } catch (error) {
        return { failed: String(error) };
      }
    },
    { url, query, variables },
  );
}

/** The refresh cookie as the browser stores it for the API; its value counts as a secret for the log check. */
async function refreshCookie(context: BrowserContext, api: TestServer) {
  const cookie = (await context.cookies(api.origin)).find((c) => c.name === "__Host-tessera-refresh");
  if (cookie) seenSecrets.add(cookie.value);
  return cookie;
}

let browser: Browser;
let api: TestServer;
const pages: Server[] = [];
let listed: string;
let unlisted: string;
beforeAll(async () => {
  const [a, b] = [await servePage(), await servePage()];
  pages.push(a.server, b.server);
  [listed, unlisted] = [a.origin, b.origin];
  // At debug level the server logs every HTTP request, preflights included.
  api = await startTestServer({ CORS_ORIGINS: listed, REFRESH_TOKEN_TRANSPORT: "cookie", LOG_LEVEL: "debug" });
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await api?.stop();
  for (const page of pages) page.close();
});

async function open(origin: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(origin);
  return { context, page };
}

async function signInFrom(page: Page): Promise<FetchOutcome> {
  const outcome = await fetchFromPage(page, api.url, SIGN_IN, { email: "user@tessera.dev", password: "tessera-demo" });
  seenSecrets.add("tessera-demo");
  if ("body" in outcome && outcome.body.data) seenSecrets.add(outcome.body.data.signIn.accessToken);
  return outcome;
}

it("lets a listed origin sign in: the browser keeps the httpOnly cookie out of the page's reach", async () => {
  const { context, page } = await open(listed);
  const outcome = await signInFrom(page);
  expect(outcome).toMatchObject({ status: 200, body: { data: { signIn: { refreshToken: null } } } });
  expect(await refreshCookie(context, api)).toMatchObject({ path: "/", httpOnly: true, secure: true, sameSite: "Strict" });
  expect(await page.evaluate("document.cookie")).toBe("");
  await context.close();
});

it("lets a listed origin refresh with the cookie alone, and the browser stores the rotated one", async () => {
  const { context, page } = await open(listed);
  await signInFrom(page);
  const before = (await refreshCookie(context, api))!.value;
  const outcome = await fetchFromPage(page, api.url, REFRESH);
  expect(outcome).toMatchObject({ status: 200, body: { data: { refreshToken: { accessToken: expect.any(String), refreshToken: null } } } });
  if ("body" in outcome) seenSecrets.add(outcome.body.data.refreshToken.accessToken);
  expect((await refreshCookie(context, api))!.value).not.toBe(before);
  await context.close();
});

it("stops an unlisted origin at the preflight: its fetch fails and nothing is sent", async () => {
  const { context, page } = await open(unlisted);
  const before = api.logs.length;
  const outcome = await signInFrom(page);
  expect(outcome).toEqual({ failed: "TypeError: Failed to fetch" });
  expect(await refreshCookie(context, api)).toBeUndefined();
  // The browser sent the preflight only: the server never saw the POST.
  const requests = api.logs.slice(before).filter((line) => line.includes('"msg":"request"'));
  expect(requests.map((line) => JSON.parse(line).req.method)).toEqual(["OPTIONS"]);
  await context.close();
});
