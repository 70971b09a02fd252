import type { ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import path from "node:path";
import { findFreePort } from "../../src/db/ports.js";
import { spawnChild } from "./spawner.js";

/** The built API (`node dist/src/index.js`, what `npm start` runs) as a process of its own. */
export interface ApiProcess {
  child: ChildProcess;
  origin: string;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
  /** Ends it and its embedded database, if it started one. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Wait for "Tessera is ready" (the default), or return at once, for a start that is meant to fail. */
  waitForReady?: boolean;
  timeoutMs?: number;
}

/** A fresh, empty data directory under the run's temporary directory. */
export function freshDataDir(): string {
  return mkdtempSync(path.join(process.env.TESSERA_TEST_DIR!, "proc-"));
}

/** Starts the built API with exactly this environment (plus PATH, HOME, LOG_LEVEL=warn and a free PORT). */
export async function startApi(env: Record<string, string>, { waitForReady = true, timeoutMs = 20_000 }: StartOptions = {}): Promise<ApiProcess> {
  const port = env.PORT ?? String(await findFreePort());
  const child = spawnChild(`API on port ${port}`, process.execPath, ["dist/src/index.js"], {
    env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? "/tmp", LOG_LEVEL: "warn", METRICS_PORT: "off", ...env, PORT: port },
  });
  const origin = `http://127.0.0.1:${port}`;
  const api = { child: child.process, origin, url: `${origin}/graphql`, output: child.output, exited: child.exited, stop: () => child.stop() };
  if (waitForReady) await child.readyWhen(() => /Tessera is ready/.test(child.output()), timeoutMs);
  return api;
}
