import { decodeJwt } from "jose";
import type { Browser, Page } from "playwright-core";
import { dpopKey } from "../helpers/dpop.js";
import { CREATE_POST, PUBLISH_POST } from "../../examples/web/src/operations/posts.js";
import { SIGN_IN } from "../../examples/web/src/operations/session.js";
import { screenshot } from "../helpers/browser.js";
import { startExampleApp, watchPage, type ExampleAppRun, type PageTraffic, type ServedApp } from "../helpers/example-app.js";
import type { TestServer } from "../helpers/server.js";

// The example app (examples/web), built as it ships, in Debian's Chromium, against a live API. As in a
// real deployment, the app is served from its own origin and calls the API cross-origin: the API lists
// the app's origin in CORS_ORIGINS and the app is built with VITE_TESSERA_URL pointing at the API.
// Refresh tokens travel in the body (the default); example-app-cookie.browser.test.ts covers cookie mode.
// The API runs trusted documents only (TRUSTED_DOCUMENTS_FILE: the app's generated manifest), and the app, built
// for it, sends every operation by its hash alone: no request carries a document's text.

const PASSWORD = "tessera-demo";
const ACCESS_TTL_SECONDS = 10;

let server: TestServer;
let app: ServedApp;
let browser: Browser;
let run: ExampleAppRun;
beforeAll(async () => {
  // Access tokens live 10 s (NODE_ENV=test allows it), with no clock tolerance: the second test waits them out.
  run = await startExampleApp(
    "body mode, trusted documents",
    { JWT_ACCESS_TTL_SECONDS: String(ACCESS_TTL_SECONDS), JWT_CLOCK_TOLERANCE_SECONDS: "0", TRUSTED_DOCUMENTS_FILE: "examples/web/src/gql/persisted-documents.json" },
    { VITE_TESSERA_TRUSTED_DOCUMENTS: "true" },
  );
  ({ server, app, browser } = run);
}, 120_000);
afterAll(() => run?.stop());

async function openApp(): Promise<{ page: Page; traffic: PageTraffic }> {
  const page = await (await browser.newContext()).newPage();
  const traffic = watchPage(page);
  await page.goto(app.origin);
  return { page, traffic };
}

async function signInAs(page: Page, email: string, displayName: string): Promise<void> {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByText(`Signed in as ${displayName}`).waitFor();
}

/** Sends one of the app's operations as the app does against this API: by its manifest hash, with no text. */
async function sendByHash(document: object, variables: Record<string, unknown>, token?: string): Promise<any> {
  const { hash } = (document as { __meta__: { hash: string } }).__meta__;
  const response = await fetch(server.url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: hash.replace(/^sha256:/, "") } } }),
  });
  const body = (await response.json()) as { data?: any; errors?: unknown };
  if (!body.data) throw new Error(`refused: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** Published posts by the editor, oldest first, written through the API before the browser opens. */
async function postsPublishedByEditor(titles: string[]): Promise<void> {
  const { accessToken } = (await sendByHash(SIGN_IN, { email: "editor@tessera.dev", password: PASSWORD })).signIn;
  for (const title of titles) {
    const created = await sendByHash(CREATE_POST, { input: { title, body: "Written by the editor." } }, accessToken);
    await sendByHash(PUBLISH_POST, { id: created.createPost.id }, accessToken);
  }
}

it("a person signs in, reads posts with authors, opens an author's page, writes and edits a draft; an editor publishes it; both sign out", async () => {
  // One more than the home page's 20, so that "Load more" has a second page to fetch.
  await postsPublishedByEditor([...Array.from({ length: 20 }, (_, i) => `Archive post ${i + 1}`), "Welcome to Tessera"]);
  const { page, traffic } = await openApp();

  await page.getByRole("heading", { name: "Sign in to Tessera" }).waitFor();
  await screenshot(page, "example-app-1-sign-in");
  await signInAs(page, "user@tessera.dev", "Uma User");
  const published = page.getByRole("region", { name: "Published posts" });
  await published.getByRole("article", { name: "Welcome to Tessera" }).getByText("by Eddie Editor").waitFor();
  await screenshot(page, "example-app-2-published-posts");
  // No token in any storage a script can read, nor in a cookie of either origin: the app keeps them in memory only.
  expect(await page.evaluate("[localStorage.length, sessionStorage.length, document.cookie]")).toEqual([0, 0, ""]);
  expect(await page.context().cookies()).toEqual([]);
  expect(await published.getByRole("article", { name: "Archive post 1", exact: true }).count()).toBe(0);
  await published.getByRole("button", { name: "Load more" }).click();
  await published.getByRole("article", { name: "Archive post 1", exact: true }).waitFor();
  expect(await published.getByRole("article").count()).toBe(21);
  await published.getByRole("article", { name: "Welcome to Tessera" }).getByRole("button", { name: "Eddie Editor" }).click();
  await page.getByRole("heading", { name: "Posts by Eddie Editor" }).waitFor();
  await page.getByRole("region", { name: "Author" }).getByRole("article", { name: "Welcome to Tessera" }).waitFor();
  await page.getByRole("button", { name: "Back to all posts" }).click();

  const newPost = page.getByRole("form", { name: "Save draft" });
  await newPost.getByLabel("Title").fill("Notes from the browser");
  await newPost.getByLabel("Body").fill("Typed into the example app by Chromium.");
  await newPost.getByRole("button", { name: "Save draft" }).click();
  const drafts = page.getByRole("region", { name: "My drafts" });
  await drafts.getByRole("article", { name: "Notes from the browser" }).getByRole("button", { name: "Edit" }).click();
  const editor = drafts.getByRole("form", { name: "Save changes" });
  await editor.getByLabel("Title").fill("Notes from the browser, edited");
  await editor.getByRole("button", { name: "Save changes" }).click();
  await drafts.getByRole("article", { name: "Notes from the browser, edited" }).waitFor();
  await screenshot(page, "example-app-3-draft-edited");

  await page.getByRole("button", { name: "Sign out" }).click();
  await signInAs(page, "editor@tessera.dev", "Eddie Editor");
  const review = page.getByRole("region", { name: "Awaiting review" });
  await review.getByRole("article", { name: "Notes from the browser, edited" }).getByText("by Uma User").waitFor();
  await review.getByRole("article", { name: "Notes from the browser, edited" }).getByRole("button", { name: "Publish" }).click();
  await published.getByRole("article", { name: "Notes from the browser, edited" }).getByText("by Uma User").waitFor();
  await screenshot(page, "example-app-4-published-by-editor");

  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("heading", { name: "Sign in to Tessera" }).waitFor();
  expect(traffic.sent("SignOut")).toBe(2);
  expect(traffic.fullTexts).toBe(0);
  expect(traffic.consoleErrors).toEqual([]);
}, 60_000);

it("binds its tokens to the browser's key (DPoP): a token copied out of the page fails from another client", async () => {
  const { page, traffic } = await openApp();
  await signInAs(page, "user@tessera.dev", "Uma User");
  await page.getByRole("region", { name: "My drafts" }).getByText("No drafts.").waitFor();
  const sent = traffic.authorizations.at(-1)!;
  expect(sent).toMatch(/^DPoP /);
  const stolen = sent.slice("DPoP ".length);
  expect(decodeJwt(stolen).cnf).toEqual({ jkt: expect.any(String) });

  const ask = (headers: Record<string, string>) =>
    fetch(server.url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query: "{ viewer { id } }" }) });
  // As a bearer token: refused, and the challenge says it needs DPoP.
  const asBearer = await ask({ authorization: `Bearer ${stolen}` });
  expect(asBearer.status).toBe(401);
  expect(asBearer.headers.get("www-authenticate")).toBe('DPoP error="invalid_token"');
  // With a proof the thief makes with a key of its own: refused too.
  const thief = await dpopKey();
  const withProof = await ask({ authorization: `DPoP ${stolen}`, dpop: await thief.proof({ htm: "POST", htu: server.url, accessToken: stolen }) });
  expect(withProof.status).toBe(401);
  expect(((await withProof.json()) as { errors: Array<{ extensions: { reason: string } }> }).errors[0]!.extensions.reason).toBe("DPOP_PROOF_INVALID");
  // The key never leaves the browser: it is not extractable, and no storage a script reads holds it.
  const extractable = await page.evaluate(`new Promise((resolve, reject) => {
    const open = indexedDB.open("tessera-dpop");
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const get = open.result.transaction("keys").objectStore("keys").get("tessera-example");
      get.onsuccess = () => resolve([get.result.privateKey.extractable, get.result.privateKey.algorithm.name]);
    };
  })`);
  expect(extractable).toEqual([false, "ECDSA"]);
  expect(traffic.consoleErrors).toEqual([]);
});

it("when the access token expires mid-session, the app refreshes it silently, exactly once, and keeps working", async () => {
  const { page, traffic } = await openApp();
  await signInAs(page, "user@tessera.dev", "Uma User");
  await page.getByRole("region", { name: "My drafts" }).getByText("No drafts.").waitFor();

  await page.waitForTimeout((ACCESS_TTL_SECONDS + 1) * 1000);
  const newPost = page.getByRole("form", { name: "Save draft" });
  await newPost.getByLabel("Title").fill("Written after the token expired");
  await newPost.getByLabel("Body").fill("Saved without signing in again.");
  await newPost.getByRole("button", { name: "Save draft" }).click();
  await page.getByRole("region", { name: "My drafts" }).getByRole("article", { name: "Written after the token expired" }).waitFor();
  await screenshot(page, "example-app-5-after-silent-refresh");

  expect(traffic.sent("RefreshSession")).toBe(1);
  expect(traffic.sent("CreatePost")).toBe(2); // refused as expired, then sent again with the new token
  expect(traffic.fullTexts).toBe(0);
  expect(await page.getByRole("heading", { name: "Sign in to Tessera" }).count()).toBe(0);
  // The one console line is Chromium's own log of that refused request, not an error of the app.
  expect(traffic.consoleErrors).toEqual([expect.stringMatching(/^Failed to load resource: .* status of 401 \(Unauthorized\) \(http:\/\/127\.0\.0\.1:\d+\/graphql\)$/)]);
}, 90_000);
