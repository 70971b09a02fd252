import { ConfigError, loadConfig } from "./config.js";
import { createLogger } from "./logger.js";
import { startTessera } from "./tessera.js";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "./users/demo-accounts.js";

function banner(url: string, seededAccounts: boolean, isProduction: boolean): string {
  const lines = [`Tessera is ready at ${url}`];
  if (!isProduction) lines.push(`Playground: open ${url} in a browser`);
  if (seededAccounts) {
    lines.push(`Demo accounts (password "${DEMO_PASSWORD}"): ${DEMO_ACCOUNTS.map((a) => `${a.email} (${a.roles.join(",")})`).join(", ")}`);
  }
  return lines.join("\n");
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`tessera: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config);
  const tessera = await startTessera(config, logger);
  logger.info(
    { database: tessera.database.kind, location: tessera.database.location },
    `database: ${tessera.database.kind} at ${tessera.database.location}`,
  );
  console.log(banner(tessera.url, config.seedDemoAccounts, config.isProduction));

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    await tessera.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error("tessera: failed to start:", error instanceof Error ? error.message : error);
  process.exit(1);
});
