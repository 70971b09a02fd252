import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "../../src/paths.js";
import { descendants, isAlive } from "./process-table.js";
import { keepTrack } from "./running.js";
import { waitUntil } from "./wait.js";

// The one way the tests start a process. Each child is tracked from the moment it is spawned:
// - stop() ends its whole tree (SIGTERM, then SIGKILL for what is left after a grace period);
// - the test environment stops whatever the file did not, on every path (test/helpers/environment.js);
// - every child carries TESSERA_TEST_RUN in its environment, and so does everything it starts, so the
//   global teardown finds and names any process of this run still alive at the end, and fails the run.

export interface Child {
  name: string;
  process: ChildProcess;
  pid: number;
  /** Everything it has printed so far, stdout and stderr interleaved. */
  output(): string;
  /** Its exit code, or null when a signal ended it. */
  exited: Promise<number | null>;
  hasExited(): boolean;
  /** Ends it and everything it started; resolves once they are all gone. */
  stop(graceMs?: number): Promise<void>;
  /** Waits until `ready` holds; should it exit or run out of time first, stops it and throws with its output. */
  readyWhen(ready: () => boolean | Promise<boolean>, timeoutMs?: number): Promise<void>;
}

export interface SpawnOptions {
  /** The whole environment of the child (TESSERA_TEST_RUN is added); the parent's when omitted. */
  env?: Record<string, string>;
  /** A pipe on stdin, for children that leave when it closes (the embedded database's -watch-stdin). */
  stdinPipe?: boolean;
}

/** Waits up to ms for the processes to leave; returns those still alive. */
async function waitForExit(pids: number[], ms: number): Promise<number[]> {
  await waitUntil(() => !pids.some(isAlive), ms);
  return pids.filter(isAlive);
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // Gone in the meantime.
  }
}

/** A file per live child under the run's directory, so that the global teardown can say which test started it. */
function recordInRunDirectory(pid: number, name: string): () => void {
  const dir = path.join(process.env.TESSERA_TEST_DIR!, "running");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, String(pid));
  writeFileSync(file, `${name}, started by ${path.relative(projectRoot, expect.getState().testPath ?? "?")}`);
  return () => rmSync(file, { force: true });
}

export function spawnChild(name: string, command: string, args: readonly string[], options: SpawnOptions = {}): Child {
  const run = process.env.TESSERA_TEST_RUN;
  if (!run) throw new Error("TESSERA_TEST_RUN is not set: run the tests with npm test");
  const child = spawn(command, args, {
    cwd: projectRoot,
    env: { ...(options.env ?? process.env), TESSERA_TEST_RUN: run },
    stdio: [options.stdinPipe ? "pipe" : "ignore", "pipe", "pipe"],
  });
  if (child.pid === undefined) throw new Error(`could not start ${name} (${command})`);
  const pid = child.pid;
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const forgetFile = recordInRunDirectory(pid, name);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  void exited.then(forgetFile);
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;

  let stopping: Promise<void> | undefined;
  const stop = (graceMs = 5_000) =>
    (stopping ??= (async () => {
      // Read the tree before the root goes: once it has exited, its children are re-parented and lost.
      const tree = descendants(pid);
      if (!hasExited()) {
        child.kill("SIGTERM");
        const kill = setTimeout(() => child.kill("SIGKILL"), graceMs);
        await exited;
        clearTimeout(kill);
      }
      // What it started leaves on its own once it is gone (the embedded database watches its stdin pipe)...
      for (const survivor of await waitForExit(tree, graceMs)) killQuietly(survivor);
      // ...or is killed: nothing outlives the test that started it.
      await waitForExit(tree, 1_000);
      forget();
    })());
  const forget = keepTrack({ name, stop: () => stop() });
  const readyWhen = async (ready: () => boolean | Promise<boolean>, timeoutMs = 20_000) => {
    const settled = await waitUntil(async () => hasExited() || (await ready()), timeoutMs);
    if (settled && !hasExited()) return;
    await stop();
    throw new Error(`${name} did not start:\n${output}`);
  };
  return { name, process: child, pid, output: () => output, exited, hasExited, stop, readyWhen };
}
