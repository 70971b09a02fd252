import { mkdirSync } from "node:fs";
import path from "node:path";
import { canConnect } from "./ports.js";
import { projectRoot } from "../../src/paths.js";
import { startApi, type ApiProcess } from "./process.js";
import { spawnChild, type Child } from "./spawner.js";

// Fleets of API processes and embedded databases of their own, for the scale tests. Every process comes
// from the spawner (test/helpers/spawner.ts), which ends what a file leaves running.

/** Common settings of a fleet: one issuer, one key (the same DATA_DIR), one database. */
export function fleetEnvironment(overrides: Record<string, string>): Record<string, string> {
  return {
    NODE_ENV: "development",
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
    LOG_FORMAT: "json",
    JWT_ISSUER: "http://tessera.scale.test",
    SEED_DEMO_ACCOUNTS: "true",
    ...overrides,
  };
}

/**
 * n instances with the same settings. The first starts alone (it creates the key file and seeds the demo
 * accounts); the rest start together once it is up.
 */
export async function startFleet(n: number, env: Record<string, string>): Promise<ApiProcess[]> {
  const first = await startApi(env);
  const rest = await Promise.all(Array.from({ length: n - 1 }, () => startApi(env)));
  return [first, ...rest];
}

export interface DatabaseProcess {
  child: Child;
  port: number;
  uri: (name: string) => string;
}

/**
 * The embedded FerretDB as a process of its own, on a given port and directory, so a test can kill -9 it
 * and start it again on the same port and data. `-watch-stdin` on a pipe from this jest worker: should the
 * worker die before its environment's teardown, the database follows it out.
 */
export async function startDatabaseProcess(port: number, dir: string, timeoutMs = 15_000): Promise<DatabaseProcess> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const binary = path.join(projectRoot, "tools/embedded-db/bin/embedded-db");
  const child = spawnChild(`embedded database on port ${port}`, binary, ["-listen", `127.0.0.1:${port}`, "-dir", dir, "-watch-stdin"], {
    stdinPipe: true,
  });
  await child.readyWhen(() => canConnect(port), timeoutMs);
  return { child, port, uri: (name) => `mongodb://127.0.0.1:${port}/${name}` };
}

/** kill -9, and wait until the process is gone. */
export async function killHard(child: Child): Promise<void> {
  if (child.hasExited()) return;
  child.process.kill("SIGKILL");
  await child.exited;
}

/** The q-quantile (0..1) of the values, nearest-rank. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
