import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import type { Logger } from "../logger.js";

export interface EmbeddedDatabase {
  uri: string;
  pid: number;
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 15_000;

/** The line tools/embedded-db prints once it accepts connections, with the port the system chose for it. */
const LISTENING = /^embedded-db listening on 127\.0\.0\.1:(\d+),/m;

/** The port the child says it listens on; it is started on port 0, so no other process can have taken it. */
function listeningPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let printed = "";
    const settle = (outcome: () => void) => {
      clearTimeout(timer);
      child.stdout!.off("data", onData);
      child.off("exit", onExit);
      outcome();
    };
    const onData = (chunk: Buffer) => {
      printed += chunk.toString();
      const port = Number(LISTENING.exec(printed)?.[1]);
      if (port > 0) settle(() => resolve(port));
      // A build from before the wrapper said which port it chose repeats the 0 it was given.
      else if (port === 0) settle(() => reject(new Error("the embedded database binary is an older build: run npm install to rebuild it")));
    };
    const onExit = (code: number | null) => settle(() => reject(new Error(`embedded database exited with code ${code}`)));
    const timer = setTimeout(() => settle(() => reject(new Error(`embedded database did not listen within ${STARTUP_TIMEOUT_MS} ms`))), STARTUP_TIMEOUT_MS);
    child.stdout!.on("data", onData);
    child.once("exit", onExit);
  });
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
  const child = spawn(binary, ["-listen", "127.0.0.1:0", "-dir", dataDir, "-watch-stdin"], {
    stdio: ["pipe", "pipe", "pipe"],
    // Its own process group: a terminal's Ctrl-C reaches only us, and we stop
    // the database after the last request has finished with it.
    detached: true,
  });
  const log = logger.child({ component: "embedded-db" });
  child.stdout?.on("data", (chunk: Buffer) => log.debug(chunk.toString().trim()));
  child.stderr?.on("data", (chunk: Buffer) => log.debug(chunk.toString().trim()));
  child.on("exit", (code, signal) => log.debug({ code, signal }, "embedded database exited"));

  let port: number;
  try {
    port = await listeningPort(child);
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
