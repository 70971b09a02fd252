import { execFileSync, spawn } from "node:child_process";
import type { Page } from "playwright-core";
import { findFreePort } from "../../src/db/free-port.js";
import { projectRoot } from "../../src/paths.js";
import { rememberAuthorization, rememberSecrets } from "./graphql.js";

const VITE = "node_modules/vite/bin/vite.js";

/**
 * Type-checks and builds examples/web into examples/web/dist (npm run web:build), with extra build-time
 * environment such as VITE_TESSERA_URL; returns the milliseconds it took.
 */
export function buildExampleApp(env: Record<string, string> = {}): number {
  const started = Date.now();
  execFileSync("npm", ["run", "--silent", "web:build"], { cwd: projectRoot, stdio: "pipe", env: { ...process.env, ...env } });
  return Date.now() - started;
}

export interface ServedApp {
  origin: string;
  stop(): Promise<void>;
}

/**
 * Serves the built app with `vite preview`, which proxies /graphql to the API: the app (built with the
 * default VITE_TESSERA_URL, "/graphql") and the API then share one origin and need no CORS.
 */
export async function serveExampleApp(apiOrigin: string): Promise<ServedApp> {
  const port = await findFreePort();
  const child = spawn(process.execPath, [VITE, "preview", "examples/web", "--host", "127.0.0.1", "--port", String(port), "--strictPort"], {
    cwd: projectRoot,
    env: { ...process.env, TESSERA_API_ORIGIN: apiOrigin },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  while (!(await fetch(origin).then((response) => response.ok, () => false))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`vite preview did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    origin,
    stop: async () => {
      child.kill();
      await exited;
    },
  };
}

/** What a page sent to the API: operation names in order, and its console errors. */
export interface PageTraffic {
  operations: string[];
  consoleErrors: string[];
  sent(operationName: string): number;
}

/**
 * Watches a page's GraphQL traffic: counts operations by name, collects console errors, and records
 * every token and password it carried in seenSecrets, so the file fails if one reached a server log.
 */
export function watchPage(page: Page): PageTraffic {
  const traffic: PageTraffic = {
    operations: [],
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
    if (authorization) rememberAuthorization(authorization);
    const body = request.postDataJSON() as { operationName?: string; variables?: unknown } | null;
    traffic.operations.push(body?.operationName ?? "(anonymous)");
    rememberSecrets(body?.variables);
  });
  page.on("response", async (response) => {
    if (response.url().endsWith("/graphql")) rememberSecrets(await response.json().catch(() => undefined));
  });
  return traffic;
}
