import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { projectRoot } from "../../src/paths.js";
import { rememberAuthorization, rememberCookieValues, rememberSecrets } from "./graphql.js";
import { launchBrowser } from "./browser.js";
import { spawnChild } from "./spawner.js";
import { startTestServer, type TestServer } from "./server.js";

const VITE = "node_modules/vite/bin/vite.js";

export interface ServedApp {
  origin: string;
  /** The directory it serves, read at each request: empty until the app is built into it. */
  outDir: string;
  stop(): Promise<void>;
}

const SERVING = /Local:\s+(http:\/\/127\.0\.0\.1:\d+)\//;

/**
 * Serves a fresh, still empty directory with `vite preview`, as static files on an origin of their own (the app
 * calls the API cross-origin), on a port the system chooses: the origin is known before the API starts, so that
 * its CORS_ORIGINS can list it, and before the app is built, as the build needs the API's address.
 */
export async function serveExampleApp(): Promise<ServedApp> {
  const outDir = mkdtempSync(path.join(process.env.TESSERA_TEST_DIR!, "web-"));
  const args = ["preview", "examples/web", "--outDir", outDir, "--host", "127.0.0.1", "--port", "0"];
  // Without colours, which would split the port in the line that says where it serves.
  const child = spawnChild("vite preview", process.execPath, [VITE, ...args], { env: { ...process.env, NO_COLOR: "1" } as Record<string, string> });
  await child.readyWhen(() => SERVING.test(child.output()));
  return { origin: SERVING.exec(child.output())![1]!, outDir, stop: () => child.stop() };
}

/**
 * Builds examples/web with `vite build` (npm run web:build without its type-check, which `npm run build` runs)
 * and build-time environment such as VITE_TESSERA_URL, into the directory an app serves: test files in other
 * jest workers build the app too, with other settings, and a shared examples/web/dist would let one serve the
 * other's build. Returns how long the build took, in ms.
 */
export function buildExampleApp(app: ServedApp, env: Record<string, string>): number {
  const started = Date.now();
  execFileSync(process.execPath, [VITE, "build", "examples/web", "--outDir", app.outDir, "--emptyOutDir"], {
    cwd: projectRoot,
    stdio: "pipe",
    env: { ...process.env, ...env },
  });
  return Date.now() - started;
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
  const app = await serveExampleApp();
  const server = await startTestServer({ CORS_ORIGINS: app.origin, ...serverEnv });
  const ms = buildExampleApp(app, { VITE_TESSERA_URL: server.url, ...buildEnv });
  console.log(`example app (${mode}) built in ${ms} ms`);
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
