import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import { redactUri } from "./connection.js";
import { lockDataDirectory, lockHolder } from "./data-dir-lock.js";
import { startEmbeddedDatabase } from "./embedded.js";

export type DatabaseKind = "external" | "embedded" | "memory";

/** Where a running instance writes the address of its embedded database, beside its lock. */
const URI_FILE = "embedded.uri";

/**
 * The embedded database of a Tessera running on this DATA_DIR, if one runs: tools such as `npm run users` use it
 * rather than start a second FerretDB on the same files.
 */
export function runningEmbeddedDatabase(config: Config): string | undefined {
  const dbDir = path.join(config.dataDir, "db");
  if (lockHolder(dbDir) === undefined) return undefined;
  try {
    return readFileSync(path.join(dbDir, URI_FILE), "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}

export interface DatabaseTarget {
  kind: DatabaseKind;
  uri: string;
  /** Where the data lives, for the startup log line. */
  location: string;
  stop(): Promise<void>;
}

/**
 * Picks the database: MONGODB_URI if set; else our embedded FerretDB if its
 * binary was built (npm install does that when Go is present); else
 * mongodb-memory-server, which downloads a real mongod where there is internet.
 */
export async function resolveDatabase(config: Config, logger: Logger): Promise<DatabaseTarget> {
  if (config.database.uri) {
    const uri = config.database.uri;
    return { kind: "external", uri, location: redactUri(uri), stop: async () => {} };
  }
  if (config.isProduction) {
    // loadConfig already refuses this; the guard keeps it impossible here too.
    throw new Error("production never uses an embedded database");
  }
  const dbDir = path.join(config.dataDir, "db");
  mkdirSync(dbDir, { recursive: true, mode: 0o700 });
  const unlock = lockDataDirectory(dbDir);
  try {
    const local = await startLocalDatabase(config.database.embeddedBinary, dbDir, logger);
    // For `npm run users` while this instance runs: the database is ours, but others may reach it on loopback.
    writeFileSync(path.join(dbDir, URI_FILE), local.uri, { mode: 0o600 });
    return {
      ...local,
      location: dbDir,
      stop: async () => {
        rmSync(path.join(dbDir, URI_FILE), { force: true });
        await local.stop();
        unlock();
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}

async function startLocalDatabase(binary: string, dbDir: string, logger: Logger): Promise<Pick<DatabaseTarget, "kind" | "uri" | "stop">> {
  if (existsSync(binary)) {
    const db = await startEmbeddedDatabase(binary, dbDir, logger);
    return { kind: "embedded", uri: db.uri, stop: db.stop };
  }
  logger.warn(`the embedded database is not built (${binary}; npm install builds it with Go): using mongodb-memory-server, which downloads MongoDB`);
  const { MongoMemoryServer } = await import("mongodb-memory-server-core");
  const server = await MongoMemoryServer.create({ instance: { dbPath: dbDir, storageEngine: "wiredTiger" } });
  return {
    kind: "memory",
    uri: server.getUri("tessera"),
    stop: async () => {
      await server.stop({ doCleanup: false });
    },
  };
}
