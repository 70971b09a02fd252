import type { ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import path from "node:path";
import { spawnChild, type Child } from "./spawner.js";

/** The built API (`node dist/src/index.js`, what `npm start` runs) as a process of its own, up or not. */
export interface LaunchedApi {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  /** Ends it and its embedded database, if it started one. */
  stop(): Promise<void>;
}

/** An API that said it is ready, and where. */
export interface ApiProcess extends LaunchedApi {
  origin: string;
  url: string;
}

/** A fresh, empty data directory under the run's temporary directory. */
export function freshDataDir(): string {
  return mkdtempSync(path.join(process.env.TESSERA_TEST_DIR!, "proc-"));
}

/**
 * The API with exactly this environment, plus PATH, HOME and LOG_LEVEL=warn. Its PORT is 0 unless `env` names
 * one: the API binds a free port itself, where a port chosen here could be taken by another process (another
 * test's, or this API's own database) before the API listened on it.
 */
function spawnApi(env: Record<string, string>): Child {
  return spawnChild(env.PORT ? `API on port ${env.PORT}` : "API", process.execPath, ["dist/src/index.js"], {
    env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? "/tmp", LOG_LEVEL: "warn", METRICS_PORT: "off", PORT: "0", ...env },
  });
}

function launched(child: Child): LaunchedApi {
  return { child: child.process, output: child.output, exited: child.exited, stop: () => child.stop() };
}

/** Starts the API and returns at once: for a start that is meant to fail, or whose output a test watches. */
export function launchApi(env: Record<string, string>): LaunchedApi {
  return launched(spawnApi(env));
}

/** The exit code and printed lines of a start that is meant to fail. */
export async function failedStart(env: Record<string, string>): Promise<{ code: number | null; lines: string[] }> {
  const api = launchApi(env);
  return { code: await api.exited, lines: api.output().trim().split("\n") };
}

const READY = /^Tessera is ready at http:\/\/[^/]+:(\d+)\//m;

/** Starts the API and waits until it says it is ready, and on which port. */
export async function startApi(env: Record<string, string>, { timeoutMs = 20_000 } = {}): Promise<ApiProcess> {
  const child = spawnApi(env);
  await child.readyWhen(() => READY.test(child.output()), timeoutMs);
  const origin = `http://127.0.0.1:${READY.exec(child.output())![1]}`;
  return { ...launched(child), origin, url: `${origin}/graphql` };
}
