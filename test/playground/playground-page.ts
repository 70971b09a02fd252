import type { Browser, Locator, Page } from "playwright-core";
import { rememberSecrets, seenSecrets } from "../helpers/graphql.js";

/** The playground open in a browser tab, with everything it did that a test must check afterwards. */
export interface PlaygroundPage {
  page: Page;
  /** Console errors and uncaught exceptions, as text. */
  errors: string[];
  /** Every request to anywhere but the API's origin: the playground must load nothing from elsewhere. */
  foreignRequests: string[];
  /** The Authorization header of every GraphQL request, in order (undefined: none sent). */
  authorizations: Array<string | undefined>;
  /** Replaces the operation in the query editor. */
  setQuery(query: string): Promise<void>;
  /** Runs the operation and waits for a response containing `expected`; returns the response pane. */
  run(expected: string): Promise<Locator>;
}

const LOCAL_SCHEMES = ["data:", "blob:"];

/**
 * Opens the playground at `url` in a fresh context. Every token and password the page sends or receives
 * is added to seenSecrets, so the no-secrets-in-logs check covers what the browser did too.
 */
export async function openPlayground(browser: Browser, url: string): Promise<PlaygroundPage> {
  const origin = new URL(url).origin;
  const context = await browser.newContext({ viewport: { width: 1400, height: 820 } });
  const page = await context.newPage();
  // Well inside Jest's timeout, so a step that never happens fails with the locator it waited for.
  page.setDefaultTimeout(10_000);
  const opened: PlaygroundPage = {
    page,
    errors: [],
    foreignRequests: [],
    authorizations: [],
    async setQuery(query) {
      await page.locator(".graphiql-query-editor .monaco-editor").click();
      await page.keyboard.press("ControlOrMeta+A");
      await page.keyboard.press("Backspace");
      // Not typed key by key, so Monaco's bracket auto-closing adds nothing.
      await page.keyboard.insertText(query);
    },
    async run(expected) {
      await page.getByRole("button", { name: /Execute query/ }).click();
      const response = page.locator(".graphiql-response .view-lines", { hasText: expected });
      await response.waitFor();
      return response;
    },
  };

  page.on("console", (message) => {
    if (message.type() === "error") opened.errors.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => opened.errors.push(`page error: ${error.message}`));
  await context.route(
    (target) => target.origin !== origin && !LOCAL_SCHEMES.includes(target.protocol),
    (route) => {
      opened.foreignRequests.push(route.request().url());
      return route.abort();
    },
  );
  page.on("request", (request) => {
    if (request.url() !== url || request.method() !== "POST") return;
    const authorization = request.headers().authorization;
    opened.authorizations.push(authorization);
    if (authorization) seenSecrets.add(authorization).add(authorization.replace(/^Bearer /, ""));
    rememberSecrets(request.postDataJSON());
  });
  page.on("response", (response) => {
    if (response.url() === url && response.request().method() === "POST") response.json().then(rememberSecrets, () => {});
  });

  await page.goto(url);
  await page.locator(".graphiql-query-editor .view-lines").waitFor();
  return opened;
}
