import { decodeJwt } from "jose";
import type { Browser } from "playwright-core";
import { launchBrowser, screenshot } from "../helpers/browser.js";
import { graphql, REFRESH, seenSecrets, signIn, signUp } from "../helpers/graphql.js";
import { startLocalIssuer } from "../helpers/jwks-server.js";
import { dpopKey } from "../helpers/dpop.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { draft, publish } from "../subscriptions/publishing.js";
import { openPlayground, type PlaygroundPage } from "./playground-page.js";
import { productionEnvironment } from "./production-environment.js";

// The playground as a person uses it, in Debian's Chromium: served by a real Tessera, offline (any request
// to another origin fails the test), under the server's Content-Security-Policy.

const ME = "{ me { email roles } }";
/** Chrome reports every failed fetch on the console; this one is the expiry the playground recovers from. */
const EXPECTED_401 = "console: Failed to load resource: the server responded with a status of 401 (Unauthorized)";

interface Opened {
  server: TestServer;
  playground: PlaygroundPage;
}

let browser: Browser;
/** This test's server (one at a time: servers in one process share mongoose's connection) and page. */
let opened: Opened | undefined;

async function open(overrides: Record<string, string> = {}): Promise<Opened> {
  const server = await startTestServer(overrides);
  opened = { server, playground: await openPlayground(browser, server.url) };
  return opened;
}

const claimsOf = async ({ page }: PlaygroundPage) => JSON.parse(await page.getByLabel("Claims").innerText()) as Record<string, unknown>;
const jtiOf = (authorization: string | undefined) => authorization && decodeJwt(authorization.replace(/^Bearer /, "")).jti;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterEach(async () => {
  const { server, playground } = opened!;
  opened = undefined;
  await playground.page.context().close();
  await server.stop();
  expect(playground.foreignRequests).toEqual([]);
});
afterAll(() => browser?.close());

it("signs in as a demo account from the panel, shows the claims and a live countdown, runs a guarded query, signs out", async () => {
  const { server, playground } = await open();
  const { page } = playground;

  await page.getByRole("button", { name: "Sign in as editor@tessera.dev" }).click();
  const timer = page.getByRole("timer");
  await timer.waitFor();
  const firstReading = await timer.innerText();
  expect(firstReading).toMatch(/^Access token expires in 1[45]:\d\d$/);
  const claims = await claimsOf(playground);
  expect(claims).toEqual(expect.objectContaining({ roles: ["EDITOR"], scope: expect.stringContaining("posts:review"), aud: "tessera" }));
  await timer.filter({ hasNotText: firstReading }).waitFor();

  await playground.setQuery(ME);
  const response = await playground.run("editor@tessera.dev");
  expect(await response.innerText()).toMatch(/"roles":\s*\[\s*"EDITOR"\s*\]/);
  // The query carried the access token whose claims the panel shows.
  expect(decodeJwt(playground.authorizations.at(-1)!.replace(/^Bearer /, ""))).toEqual(claims);
  // The session lives in memory only: GraphiQL keeps its editors in localStorage, but no token is stored anywhere.
  const token = playground.authorizations.at(-1)!.replace(/^Bearer /, "");
  const stored = (await page.evaluate("JSON.stringify([{ ...localStorage }, { ...sessionStorage }, document.cookie])")) as string;
  expect(stored).not.toContain(token);
  expect(stored).not.toContain(token.split(".")[1]);

  await page.getByRole("button", { name: "Show Documentation Explorer" }).click();
  await page.locator(".graphiql-doc-explorer").getByRole("link", { name: "Query" }).first().click();
  await page.locator(".graphiql-doc-explorer").getByText(/Every account, newest first\.\s+Requires: role ADMIN; scope users:admin$/).waitFor();
  await screenshot(page, "playground-signed-in");

  const signOut = page.waitForResponse((r) => r.url() === server.url && (r.request().postData() ?? "").includes("SignOut"));
  await page.getByRole("button", { name: "Sign out" }).click();
  const { refreshToken } = (await signOut).request().postDataJSON().variables;
  await page.getByRole("button", { name: "Sign in as editor@tessera.dev" }).waitFor();
  // Signed out, the same query is anonymous, and the refresh token no longer works.
  expect(await (await playground.run("UNAUTHENTICATED")).innerText()).toMatch(/"me":\s*null/);
  expect(playground.authorizations.at(-1)).toBeUndefined();
  expect((await graphql(server.url, REFRESH, { refreshToken })).body.errors?.[0]?.extensions?.reason).toBe("REFRESH_TOKEN_INVALID");
  await screenshot(page, "playground-signed-out");
  expect(playground.errors).toEqual([]);
});

it("uses an access token pasted from another provider: refused ones are not kept, accepted ones carry every request", async () => {
  const provider = await startLocalIssuer("tessera-api");
  try {
    const { playground } = await open({
      TRUSTED_ISSUERS: JSON.stringify([{ issuer: provider.issuer, audience: "tessera-api", jwksUri: provider.jwksUri, roles: { default: "USER" } }]),
    });
    const { page } = playground;
    const paste = async (token: string) => {
      seenSecrets.add(token);
      await page.getByLabel("Access token").fill(token);
      await page.getByRole("button", { name: "Use this token" }).click();
    };

    await paste(await provider.sign({ sub: "kim", aud: "another-api" }));
    await page.getByRole("alert").filter({ hasText: "TOKEN_INVALID" }).waitFor();

    const token = await provider.sign({ sub: "kim", scope: "posts:read" });
    await paste(token);
    await page.getByText(`kim (${provider.issuer})`).waitFor();
    expect(await page.getByRole("heading", { name: "Using a pasted token" }).count()).toBe(1);
    await page.getByRole("timer").waitFor();

    await playground.setQuery("{ viewer { issuer subject roles } }");
    expect(await (await playground.run(provider.issuer)).innerText()).toMatch(/"subject":\s*"kim"/);
    expect(playground.authorizations.at(-1)).toBe(`Bearer ${token}`);
    await screenshot(page, "playground-pasted-token");

    await page.getByRole("button", { name: "Forget the token" }).click();
    await page.getByRole("button", { name: "Use this token" }).waitFor();
    // The refused token's 401, and nothing else.
    expect(playground.errors).toEqual([EXPECTED_401]);
  } finally {
    await provider.stop();
  }
});

it("binds tokens to the browser with the DPoP switch: queries, refreshes and subscriptions carry proofs, and a copied token fails elsewhere", async () => {
  const { server, playground } = await open({ JWT_ACCESS_TTL_SECONDS: "3", JWT_CLOCK_TOLERANCE_SECONDS: "0", DPOP_NONCES: "true" });
  const { page } = playground;
  const proofs: string[] = [];
  page.on("request", (request) => {
    const proof = request.headers().dpop;
    if (proof) proofs.push(proof);
  });

  await page.getByLabel("Bind tokens to this browser (DPoP)").check();
  await page.getByRole("button", { name: "Sign in as user@tessera.dev" }).click();
  await page.getByText("Bound to this browser's key (DPoP)").waitFor();
  expect(await claimsOf(playground)).toEqual(expect.objectContaining({ cnf: { jkt: expect.any(String) } }));

  await playground.setQuery("{ viewer { id roles } }");
  await playground.run('"roles"');
  const sent = playground.authorizations.at(-1)!;
  expect(sent).toMatch(/^DPoP /);
  const copied = sent.slice("DPoP ".length);
  // Out of the page, the token is refused, as a bearer token and with another key's proof.
  const asBearer = await graphql(server.url, "{ viewer { id } }", {}, { token: copied });
  expect(asBearer.status).toBe(401);
  // The thief even has the server's current nonce, from that answer.
  const thief = await dpopKey();
  const nonce = asBearer.headers.get("dpop-nonce")!;
  const replayed = await graphql(server.url, "{ viewer { id } }", {}, {
    headers: { authorization: sent, dpop: await thief.proof({ htm: "POST", htu: server.url, accessToken: copied, nonce }) },
  });
  expect(replayed.body.errors?.[0]?.extensions?.reason).toBe("DPOP_PROOF_INVALID");

  // Past its exp, the next query refreshes with a proof of the same key, and the new token is bound to it too.
  await page.waitForTimeout(3_500);
  await playground.setQuery("{ viewer { id scopes } }");
  await playground.run('"scopes"');
  const renewed = playground.authorizations.at(-1)!;
  expect(renewed).toMatch(/^DPoP /);
  expect(renewed).not.toBe(sent);
  expect(decodeJwt(renewed.slice(5)).cnf).toEqual(decodeJwt(copied).cnf);
  expect(proofs.length).toBeGreaterThanOrEqual(4);

  // A subscription: connection_init carries the bound token and a proof for the upgrade (GET, the endpoint's URL).
  const frames: string[] = [];
  page.once("websocket", (ws) => ws.on("framesent", (frame) => frames.push(String(frame.payload))));
  await playground.setQuery("subscription { postPublished { title } }");
  await page.getByRole("button", { name: /Execute query/ }).click();
  const editor = await signIn(server.url, "editor@tessera.dev", "tessera-demo");
  const pane = page.locator(".graphiql-response .view-lines", { hasText: '"title"' });
  for (let attempt = 0; !(await pane.isVisible()); attempt++) {
    if (attempt === 20) throw new Error("no subscription event reached the playground");
    const post = await draft(server.url, editor.accessToken);
    await publish(server.url, editor.accessToken, post.id);
    await pane.waitFor({ timeout: 500 }).catch(() => {});
  }
  const init = JSON.parse(frames[0]!) as { type: string; payload: { authorization: string; dpop: string } };
  expect(init.type).toBe("connection_init");
  expect(init.payload.authorization).toMatch(/^DPoP /);
  expect(decodeJwt(init.payload.dpop)).toMatchObject({ htm: "GET", htu: server.url });

  // The key cannot be read out of the page.
  expect(await page.evaluate(`new Promise((resolve) => {
    const open = indexedDB.open("tessera-dpop");
    open.onsuccess = () => {
      const get = open.result.transaction("keys").objectStore("keys").get("tessera-playground");
      get.onsuccess = () => resolve(get.result.privateKey.extractable);
    };
  })`)).toBe(false);
  await screenshot(page, "playground-dpop");
  // 401s the playground recovered from: the nonce it had to learn, and the expired token it refreshed.
  expect(playground.errors.every((line) => line === EXPECTED_401)).toBe(true);
});

it("runs a subscription over the socket, the session's token in connection_init, and shows each published post", async () => {
  const { server, playground } = await open();
  const { page } = playground;
  await page.getByRole("button", { name: "Sign in as editor@tessera.dev" }).click();
  await page.getByRole("timer").waitFor();
  // Anonymous, as people type them: GraphiQL alone would send it over HTTP.
  await playground.setQuery("subscription { postPublished { title reviewNotes } }");

  const sent: string[] = [];
  const socket = new Promise<string>((resolve) =>
    page.once("websocket", (ws) => {
      ws.on("framesent", (frame) => sent.push(String(frame.payload)));
      resolve(ws.url());
    }),
  );
  await page.getByRole("button", { name: /Execute query/ }).click();
  expect(await socket).toBe(server.url.replace(/^http/, "ws"));
  for (const deadline = Date.now() + 10_000; sent.length < 2 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 50));
  expect(sent.map((frame) => JSON.parse(frame).type)).toEqual(["connection_init", "subscribe"]);
  // The token travels in connection_init's payload: the session's, whose claims the panel shows.
  const { authorization } = JSON.parse(sent[0]!).payload as { authorization: string };
  expect(decodeJwt(authorization.replace(/^Bearer /, ""))).toEqual(await claimsOf(playground));

  // The server registers the subscription a moment after the frame: publish until the first event shows.
  const editor = await signIn(server.url, "editor@tessera.dev", "tessera-demo");
  const pane = page.locator(".graphiql-response .view-lines", { hasText: "Notes for the editor" });
  for (let attempt = 0; !(await pane.isVisible()); attempt++) {
    if (attempt === 20) throw new Error("no subscription event reached the playground");
    const post = await draft(server.url, editor.accessToken);
    await publish(server.url, editor.accessToken, post.id, "Notes for the editor");
    await pane.waitFor({ timeout: 500 }).catch(() => {});
  }
  // An EDITOR sees reviewNotes: the same field rules as a query.
  expect(await pane.innerText()).toMatch(/"title":\s*"post-/);
  await screenshot(page, "playground-subscription");
  expect(playground.errors).toEqual([]);
});

it("refreshes an expired access token silently and retries the query", async () => {
  const { server, playground } = await open({ JWT_ACCESS_TTL_SECONDS: "6", JWT_CLOCK_TOLERANCE_SECONDS: "0" });
  const { page } = playground;

  await page.getByLabel("Email").fill("user@tessera.dev");
  await page.getByLabel("Password").fill("tessera-demo");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByRole("timer").waitFor();
  const before = await claimsOf(playground);
  await playground.setQuery(ME);
  await playground.run("user@tessera.dev");

  await page.getByRole("timer").filter({ hasText: "expired" }).waitFor({ timeout: 15_000 });
  const exchanges: string[] = [];
  page.on("response", (r) => {
    if (r.url() !== server.url) return;
    const { query } = r.request().postDataJSON() as { query: string };
    exchanges.push(`${/^mutation (\w+)/.exec(query)?.[1] ?? "query"} ${r.status()}`);
  });
  await playground.setQuery("{ me { displayName } }");
  await playground.run("Uma User");
  await page.getByRole("status").filter({ hasText: "refreshed" }).waitFor();

  // The query was refused once (401, TOKEN_EXPIRED) with the old token, the refresh (which carries none)
  // answered, and the retry succeeded with the new token, the one the panel now shows.
  expect(exchanges).toEqual(["query 401", "Refresh 200", "query 200"]);
  const after = await claimsOf(playground);
  expect(playground.authorizations.slice(-3).map(jtiOf)).toEqual([before.jti, undefined, after.jti]);
  expect(after.jti).not.toBe(before.jti);
  expect(after.exp as number).toBeGreaterThan(before.exp as number);
  expect(await page.getByRole("timer").innerText()).toMatch(/^Access token expires in 0:0[0-6]$/);
  await screenshot(page, "playground-refreshed");
  expect(playground.errors).toEqual([EXPECTED_401]);
}, 90_000);

it("works in production when enabled explicitly, under the strict Content-Security-Policy, with no demo accounts", async () => {
  const { server, playground } = await open(await productionEnvironment({ PLAYGROUND: "graphiql" }));
  const account = await signUp(server.url);
  const { page } = playground;
  expect(await page.getByRole("button", { name: /^Sign in as/ }).count()).toBe(0);

  const signInWith = async (password: string) => {
    await page.getByLabel("Email").fill(account.email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
  };
  const panelAlert = page.getByRole("complementary", { name: "Session" }).getByRole("alert");
  await signInWith("not the password");
  await panelAlert.filter({ hasText: "Invalid email or password" }).waitFor();
  await signInWith(account.password);
  await page.getByRole("timer").waitFor();
  await expect(panelAlert.count()).resolves.toBe(0);
  await playground.setQuery(ME);
  await playground.run(account.email);
  await screenshot(page, "playground-production");
  // A blocked script, style, worker or font would be a "Refused to load" console error.
  expect(playground.errors).toEqual([]);
});
