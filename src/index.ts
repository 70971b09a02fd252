import { loadConfig } from "./config.js";
import { loadEnvFile } from "./env-file.js";
import type { DatabaseKind, DatabaseTarget } from "./db/resolve.js";
import { createLogger } from "./logger.js";
import { StartupError } from "./startup-error.js";
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

async function main(): Promise<void> {
  loadEnvFile();
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
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  if (error instanceof StartupError) console.error(`tessera: ${error.message}`);
  else console.error("tessera: failed to start:", error instanceof Error ? error.message : error);
  process.exit(1);
});
