import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { commandLine, descendants, processesWithEnvironment } from "../../dist/test/helpers/process-table.js";

/** Why a leftover process is there: what the spawner recorded when it started it, else its command line. */
function describe(pid, dir) {
  try {
    return `pid ${pid}: ${readFileSync(path.join(dir, "running", String(pid)), "utf8")}`;
  } catch {
    return `pid ${pid}: ${commandLine(pid).slice(0, 200)}`;
  }
}

/**
 * Stops the run's database, then fails the run if any process it started is still alive: every one
 * carries TESSERA_TEST_RUN in its environment. They are named, then killed, so nothing outlives the run.
 */
export default async function globalTeardown() {
  const handle = globalThis.tesseraTestDatabase;
  if (!handle) return;
  await handle.db.stop();
  // Jest's own processes carry the mark too; the workers have ended by now, this process has not.
  const ours = new Set([process.pid, ...descendants(process.pid).filter((pid) => /jest-worker|processChild/.test(commandLine(pid)))]);
  const left = processesWithEnvironment("TESSERA_TEST_RUN", process.env.TESSERA_TEST_RUN).filter((pid) => !ours.has(pid));
  const names = left.map((pid) => describe(pid, handle.dir));
  for (const pid of left) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
  rmSync(handle.dir, { recursive: true, force: true });
  if (left.length > 0) {
    throw new Error(`${left.length} process(es) started by the tests were still running after the run (now killed):\n${names.join("\n")}`);
  }
}
