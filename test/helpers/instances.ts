import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { canConnect, findFreePort } from "../../src/db/ports.js";
import { projectRoot } from "../../src/paths.js";

// Processes for the scale tests: API instances (the built `dist/src/index.js`) and embedded databases.
// Every child is tracked from the moment it is spawned, so `stopAllProcesses()` (in afterAll) ends it
// even when its start timed out or a test failed half way.

export interface Instance {
  child: ChildProcess;
  origin: string;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

const started = new Set<ChildProcess>();

function track(child: ChildProcess): Promise<number | null> {
  started.add(child);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
export async function stopProcess(child: ChildProcess, graceMs = 5_000): Promise<void> {
  started.delete(child);
  if (hasExited(child)) return;
  const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await gone;
  clearTimeout(timer);
}

/** Ends every process this file started and has not stopped yet. */
export async function stopAllProcesses(): Promise<void> {
  await Promise.all([...started].map((child) => stopProcess(child)));
}

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

/** Runs one API process (what `npm start` runs) and waits until it says it is ready. */
export async function startInstance(env: Record<string, string>, timeoutMs = 20_000): Promise<Instance> {
  const port = env.PORT ?? String(await findFreePort());
  const child = spawn(process.execPath, ["dist/src/index.js"], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? "/tmp", ...env, PORT: port },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = track(child);
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + timeoutMs;
  while (!/Tessera is ready/.test(output)) {
    if (hasExited(child) || Date.now() > deadline) {
      await stopProcess(child);
      throw new Error(`API on port ${port} did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  const origin = `http://127.0.0.1:${port}`;
  return { child, origin, url: `${origin}/graphql`, output: () => output, exited };
}

/**
 * n instances with the same settings. The first starts alone (it creates the key file and seeds the demo
 * accounts); the rest start together once it is up.
 */
export async function startFleet(n: number, env: Record<string, string>): Promise<Instance[]> {
  const first = await startInstance(env);
  const rest = await Promise.all(Array.from({ length: n - 1 }, () => startInstance(env)));
  return [first, ...rest];
}

export interface DatabaseProcess {
  child: ChildProcess;
  port: number;
  uri: (name: string) => string;
}

/**
 * The embedded FerretDB as a process of its own, on a given port and directory, so a test can kill -9 it
 * and start it again on the same port and data. `-watch-stdin` on a pipe from this jest worker: should the
 * worker die before afterAll, the database follows it out.
 */
export async function startDatabaseProcess(port: number, dir: string, timeoutMs = 15_000): Promise<DatabaseProcess> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const binary = path.join(projectRoot, "tools/embedded-db/bin/embedded-db");
  const child = spawn(binary, ["-listen", `127.0.0.1:${port}`, "-dir", dir, "-watch-stdin"], { stdio: ["pipe", "ignore", "ignore"] });
  void track(child);
  const deadline = Date.now() + timeoutMs;
  while (!(await canConnect(port))) {
    if (hasExited(child) || Date.now() > deadline) {
      await stopProcess(child);
      throw new Error(`embedded database did not listen on ${port}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return { child, port, uri: (name) => `mongodb://127.0.0.1:${port}/${name}` };
}

/** kill -9, and wait until the process is gone. */
export async function killHard(child: ChildProcess): Promise<void> {
  started.delete(child);
  if (hasExited(child)) return;
  const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGKILL");
  await gone;
}

/** The q-quantile (0..1) of the values, nearest-rank. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
