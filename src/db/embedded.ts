import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import type { Logger } from "../logger.js";
import { canConnect, findFreePort } from "./ports.js";

export interface EmbeddedDatabase {
  uri: string;
  pid: number;
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 15_000;

async function waitUntilListening(child: ChildProcess, port: number): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`embedded database exited with code ${child.exitCode}`);
    if (await canConnect(port)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`embedded database did not listen on port ${port} within ${STARTUP_TIMEOUT_MS} ms`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killTimer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(killTimer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/**
 * Starts our FerretDB wrapper (tools/embedded-db) as a child process that
 * cannot outlive us: it exits on SIGTERM, and also when the pipe on its stdin
 * closes, which happens however we die (even SIGKILL).
 */
export async function startEmbeddedDatabase(binary: string, dataDir: string, logger: Logger): Promise<EmbeddedDatabase> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const port = await findFreePort();
  const child = spawn(binary, ["-listen", `127.0.0.1:${port}`, "-dir", dataDir, "-watch-stdin"], {
    stdio: ["pipe", "pipe", "pipe"],
    // Its own process group: a terminal's Ctrl-C reaches only us, and we stop
    // the database after the last request has finished with it.
    detached: true,
  });
  const log = logger.child({ component: "embedded-db" });
  child.stdout?.on("data", (chunk: Buffer) => log.debug(chunk.toString().trim()));
  child.stderr?.on("data", (chunk: Buffer) => log.debug(chunk.toString().trim()));
  child.on("exit", (code, signal) => log.debug({ code, signal }, "embedded database exited"));

  try {
    await waitUntilListening(child, port);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return {
    uri: `mongodb://127.0.0.1:${port}/tessera`,
    pid: child.pid!,
    stop: () => stopChild(child),
  };
}
