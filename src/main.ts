import { loadConfig } from "./config.js";
import type { DatabaseKind, DatabaseTarget } from "./db/resolve.js";
import { createLogger } from "./logger.js";
import { startTessera } from "./tessera.js";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "./users/demo-accounts.js";

const DATABASE_NAMES: Record<DatabaseKind, string> = {
  external: "MONGODB_URI",
  embedded: "embedded FerretDB",
  memory: "mongodb-memory-server",
};

function banner(url: string, database: DatabaseTarget, seededAccounts: boolean, playground: boolean): string {
  const lines = [`Tessera is ready at ${url}`, `Database: ${DATABASE_NAMES[database.kind]}, data in ${database.location}`];
  if (playground) lines.push(`Playground: open ${url} in a browser`);
  if (seededAccounts) {
    lines.push(`Demo accounts (password "${DEMO_PASSWORD}"): ${DEMO_ACCOUNTS.map((a) => `${a.email} (${a.roles.join(",")})`).join(", ")}`);
  }
  return lines.join("\n");
}

/** Starts the API and stops it on SIGINT or SIGTERM; `afterStop` flushes what must outlive it (the last spans). */
export async function main(afterStop?: () => Promise<void>): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config);
  const tessera = await startTessera(config, logger);
  console.log(banner(tessera.url, tessera.database, config.seedDemoAccounts, config.playground !== "off"));

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      // A second Ctrl-C means "now": skip waiting for in-flight requests. The database child follows us out.
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, "shutting down");
    await tessera.stop();
    await afterStop?.();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}
