import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { projectRoot } from "../src/paths.js";

export interface BuiltApi {
  /** The GraphQL endpoint. */
  url: string;
  pid: number;
  /** Stops the API (its embedded database goes with it) and removes its data folder. */
  stop(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

/**
 * The built API (`dist/src/index.js`) in a process of its own, as `npm start` runs it, with a fresh embedded
 * database in a temporary folder, logging warnings only, rate limits off. BENCH_CPU_PROF names a folder for a V8
 * CPU profile of it. It is stopped when this process exits, whatever the path.
 */
export async function startBuiltApi(name: string): Promise<BuiltApi> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `tessera-bench-${name}-`));
  const profile = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const api = spawn(process.execPath, [...profile, path.join(projectRoot, "dist/src/index.js")], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, LOG_LEVEL: "warn", LOG_FORMAT: "json", RATE_LIMITS: "false", METRICS_PORT: "off", SEED_DEMO_POSTS: "false" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => api.once("exit", () => resolve()));
  const kill = () => api.kill("SIGTERM");
  process.on("exit", kill);
  const stop = async () => {
    kill();
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await new Promise<void>((resolve, reject) => {
      api.stdout!.on("data", (chunk: Buffer) => String(chunk).includes("Tessera is ready") && resolve());
      api.once("exit", (code) => reject(new Error(`the API exited with ${code}`)));
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `http://127.0.0.1:${port}/graphql`, pid: api.pid!, stop };
}

/** The value below which a share `q` of `values` lies (nearest rank). */
export const quantile = (values: readonly number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))]!;
