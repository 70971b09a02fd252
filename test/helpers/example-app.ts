import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { findFreePort } from "../../src/db/ports.js";
import { projectRoot } from "../../src/paths.js";
import { rememberAuthorization, rememberCookieValues, rememberSecrets } from "./graphql.js";
import { launchBrowser } from "./browser.js";
import { spawnChild } from "./spawner.js";
import { startTestServer, type TestServer } from "./server.js";

const VITE = "node_modules/vite/bin/vite.js";

/** Where the app will be served, chosen before the API starts so that its CORS_ORIGINS can list it. */
export interface AppOrigin {
  port: number;
  origin: string;
}

export async function chooseAppOrigin(): Promise<AppOrigin> {
  const port = await findFreePort();
  return { port, origin: `http://127.0.0.1:${port}` };
}

export interface BuiltApp {
  outDir: string;
  ms: number;
}

/**
 * Builds examples/web with `vite build` (npm run web:build without its type-check, which
 * `npm run build` runs) and build-time environment such as VITE_TESSERA_URL, into a fresh
 * directory of its own: test files in other jest workers build the app too, with other settings, and a
 * shared examples/web/dist would let one serve the other's build.
 */
export function buildExampleApp(env: Record<string, string>): BuiltApp {
  const outDir = mkdtempSync(path.join(process.env.TESSERA_TEST_DIR!, "web-"));
  const started = Date.now();
  execFileSync(process.execPath, [VITE, "build", "examples/web", "--outDir", outDir], {
    cwd: projectRoot,
    stdio: "pipe",
    env: { ...process.env, ...env },
  });
  return { outDir, ms: Date.now() - started };
}

export interface ServedApp {
  origin: string;
  stop(): Promise<void>;
}

/** Serves a build with `vite preview`, as static files on its own origin: the app calls the API cross-origin. */
export async function serveExampleApp(app: BuiltApp, { port, origin }: AppOrigin): Promise<ServedApp> {
  const args = ["preview", "examples/web", "--outDir", app.outDir, "--host", "127.0.0.1", "--port", String(port), "--strictPort"];
  const child = spawnChild(`vite preview on port ${port}`, process.execPath, [VITE, ...args]);
  await child.readyWhen(() => fetch(origin).then((response) => response.ok, () => false));
  return { origin, stop: () => child.stop() };
}

/** What a page sent to the API: operation names in order, and its console errors. */
export interface PageTraffic {
  operations: string[];
  /** Every Authorization header the page sent, in order. */
  authorizations: string[];
  /** Requests that carried a document's text rather than only its persisted-query hash. */
  fullTexts: number;
  consoleErrors: string[];
  sent(operationName: string): number;
}

/**
 * Watches a page's GraphQL traffic: counts operations by name, collects console errors, and records
 * every token, password and cookie value it carried in seenSecrets, so the file fails if one reached a server log.
 */
export function watchPage(page: Page): PageTraffic {
  const traffic: PageTraffic = {
    operations: [],
    authorizations: [],
    fullTexts: 0,
    consoleErrors: [],
    sent: (name) => traffic.operations.filter((n) => n === name).length,
  };
  page.on("console", (message) => {
    if (message.type() === "error") traffic.consoleErrors.push(`${message.text()} (${message.location().url})`);
  });
  page.on("pageerror", (error) => traffic.consoleErrors.push(error.message));
  page.on("request", (request) => {
    if (!request.url().endsWith("/graphql")) return;
    const authorization = request.headers().authorization;
    if (authorization) {
      rememberAuthorization(authorization);
      traffic.authorizations.push(authorization);
    }
    const body = request.postDataJSON() as { operationName?: string; query?: unknown; variables?: unknown } | null;
    if (!body) return; // a CORS preflight
    traffic.operations.push(body.operationName ?? "(anonymous)");
    if (typeof body.query === "string") traffic.fullTexts++;
    rememberSecrets(body.variables);
  });
  page.on("response", async (response) => {
    if (!response.url().endsWith("/graphql")) return;
    const headers = await response.headersArray().catch(() => []);
    const setCookies = headers.filter((header) => header.name.toLowerCase() === "set-cookie");
    rememberCookieValues(setCookies.map((header) => header.value.split(";")[0]!));
    rememberSecrets(await response.json().catch(() => undefined));
  });
  return traffic;
}

/** An API, the example app built against it and served from its own origin (listed in CORS_ORIGINS), and a browser. */
export interface ExampleAppRun {
  server: TestServer;
  app: ServedApp;
  browser: Browser;
  stop(): Promise<void>;
}

export async function startExampleApp(mode: string, serverEnv: Record<string, string>, buildEnv: Record<string, string> = {}): Promise<ExampleAppRun> {
  const appOrigin = await chooseAppOrigin();
  const server = await startTestServer({ CORS_ORIGINS: appOrigin.origin, ...serverEnv });
  const built = buildExampleApp({ VITE_TESSERA_URL: server.url, ...buildEnv });
  console.log(`example app (${mode}) built in ${built.ms} ms`);
  const app = await serveExampleApp(built, appOrigin);
  const browser = await launchBrowser();
  return {
    server,
    app,
    browser,
    stop: async () => {
      await browser.close();
      await app.stop();
      await server.stop();
    },
  };
}
