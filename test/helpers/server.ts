import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import { Writable } from "node:stream";
import { loadConfig, type Config } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import { startTessera, type RunningTessera } from "../../src/tessera.js";
import { searchForSecretsAfterThisFile } from "./no-secrets-in-logs.js";
import { keepTrack } from "./running.js";

export interface TestServer {
  url: string;
  origin: string;
  config: Config;
  /** Every log line the server wrote, as text: for asserting what never appears in logs. */
  logs: string[];
  tessera: RunningTessera;
  stop(): Promise<void>;
}

/** A fresh database name on the run's shared embedded FerretDB. */
export function freshDatabaseUri(): string {
  const base = process.env.TESSERA_TEST_MONGODB_URI;
  if (!base) throw new Error("TESSERA_TEST_MONGODB_URI is not set: run the tests with npm test");
  return `${base}/t_${randomBytes(6).toString("hex")}`;
}

export function testEnvironment(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: "test",
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "info",
    MONGODB_URI: freshDatabaseUri(),
    DATA_DIR: mkdtempSync(path.join(process.env.TESSERA_TEST_DIR!, "data-")),
    // Every test signs in from 127.0.0.1 many times over; the rate-limit tests switch limits back on.
    RATE_LIMITS: "false",
    SEED_DEMO_ACCOUNTS: "true",
    // Many servers share this machine: /metrics only where a test asks for it (METRICS_PORT=0 picks a free port).
    METRICS_PORT: "off",
    ...overrides,
  };
}

/** Starts a real Tessera in this process: real HTTP on a free port, real database, real keys. */
export async function startTestServer(overrides: Record<string, string> = {}): Promise<TestServer> {
  const config = loadConfig(testEnvironment(overrides));
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  searchForSecretsAfterThisFile(logs);
  const logger = createLogger(config, sink);
  const tessera = await startTessera(config, logger);
  const origin = `http://127.0.0.1:${tessera.port}`;
  const stop = async () => {
    await tessera.stop();
    rmSync(config.dataDir, { recursive: true, force: true });
    forget();
  };
  // Stopped by the test environment, should the file not get to it.
  const forget = keepTrack({ name: `Tessera in this worker on port ${tessera.port}`, stop });
  return { url: `${origin}/graphql`, origin, config, logs, tessera, stop };
}
