import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import path from "node:path";
import { findFreePort } from "../../src/db/ports.js";
import { projectRoot } from "../../src/paths.js";

export interface ApiProcess {
  child: ChildProcess;
  origin: string;
  output: () => string;
  exited: Promise<number | null>;
}

/** A fresh, empty data directory under the run's temporary directory. */
export function freshDataDir(): string {
  return mkdtempSync(path.join(process.env.TESSERA_TEST_DIR!, "proc-"));
}

/** Runs the built API (`node dist/src/index.js`, what `npm start` runs) as its own process. */
export async function spawnApi(env: Record<string, string>, waitFor = /Tessera is ready/): Promise<ApiProcess> {
  const port = env.PORT ?? String(await findFreePort());
  const child = spawn(process.execPath, ["dist/src/index.js"], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? "/tmp", LOG_LEVEL: "warn", ...env, PORT: port },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const started = Date.now();
  while (!waitFor.test(output)) {
    if (child.exitCode !== null) break;
    if (Date.now() - started > 20_000) throw new Error(`API did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, origin: `http://127.0.0.1:${port}`, output: () => output, exited };
}

/** Child processes of pid, from the process table. */
export function childPids(pid: number): number[] {
  try {
    return execFileSync("pgrep", ["-P", String(pid)], { encoding: "utf8" }).trim().split("\n").filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function waitUntil(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (predicate()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return predicate();
}
