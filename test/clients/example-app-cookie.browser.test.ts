import type { Browser, BrowserContext, Page } from "playwright-core";
import { screenshot } from "../helpers/browser.js";
import { startExampleApp, watchPage, type ExampleAppRun, type PageTraffic, type ServedApp } from "../helpers/example-app.js";
import type { TestServer } from "../helpers/server.js";

// The example app in cookie mode (VITE_TESSERA_REFRESH_TRANSPORT=cookie against an API with
// REFRESH_TOKEN_TRANSPORT=cookie), served from its own origin as in example-app.browser.test.ts. The
// refresh token lives in an httpOnly cookie the page cannot read, which is what lets a session survive
// a reload: the app restores it at startup with one silent refresh.

const REFRESH_COOKIE = "__Host-tessera-refresh";

let server: TestServer;
let app: ServedApp;
let browser: Browser;
let run: ExampleAppRun;
beforeAll(async () => {
  run = await startExampleApp("cookie mode", { REFRESH_TOKEN_TRANSPORT: "cookie" }, { VITE_TESSERA_REFRESH_TRANSPORT: "cookie" });
  ({ server, app, browser } = run);
}, 120_000);
afterAll(() => run?.stop());

/** The refresh cookie as the browser keeps it for the API's origin, if it keeps one. */
async function refreshCookie(context: BrowserContext) {
  return (await context.cookies(server.origin)).find((cookie) => cookie.name === REFRESH_COOKIE);
}

/** Reloads the page and waits until the app shows either the sign-in form or a signed-in person. */
async function reload(page: Page): Promise<void> {
  await page.reload();
  await page.getByRole("heading", { name: /^(Sign in to Tessera|Tessera)$/ }).waitFor();
}

/** RefreshSession requests sent while `during` ran. */
async function refreshesDuring(traffic: PageTraffic, during: () => Promise<void>): Promise<number> {
  const before = traffic.sent("RefreshSession");
  await during();
  return traffic.sent("RefreshSession") - before;
}

it("keeps the session across a reload with the httpOnly cookie, and a sign-out ends it for good", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const traffic = watchPage(page);
  // No cookie yet: the startup refresh is refused, quietly, and the app shows sign-in.
  await page.goto(app.origin);
  await page.getByRole("heading", { name: "Sign in to Tessera" }).waitFor();

  await page.getByLabel("Email").fill("user@tessera.dev");
  await page.getByLabel("Password").fill("tessera-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByText("Signed in as Uma User").waitFor();
  expect(await refreshCookie(context)).toMatchObject({ httpOnly: true, secure: true, sameSite: "Strict" });
  // The page holds no token a script could read: not in storage, and the cookie is out of document.cookie's reach.
  expect(await page.evaluate("[localStorage.length, sessionStorage.length, document.cookie]")).toEqual([0, 0, ""]);

  expect(await refreshesDuring(traffic, () => reload(page))).toBe(1);
  await page.getByText("Signed in as Uma User").waitFor();
  await page.getByRole("region", { name: "My drafts" }).getByText("No drafts.").waitFor();
  await screenshot(page, "example-app-cookie-1-restored-after-reload");

  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("heading", { name: "Sign in to Tessera" }).waitFor();
  expect(await refreshCookie(context)).toBeUndefined();
  expect(await refreshesDuring(traffic, () => reload(page))).toBe(1);
  await page.getByRole("heading", { name: "Sign in to Tessera" }).waitFor();
  expect(await page.getByRole("alert").count()).toBe(0);
  await screenshot(page, "example-app-cookie-2-signed-out-after-reload");

  expect(traffic.sent("SignOut")).toBe(1);
  expect(traffic.consoleErrors).toEqual([]);
  await context.close();
}, 60_000);
