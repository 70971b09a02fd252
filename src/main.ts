import { loadConfig } from "./config.js";
import type { DatabaseKind, DatabaseTarget } from "./db/resolve.js";

const DATABASE_NAMES: Record<DatabaseKind, string> = {
  external: "MONGODB_URI",
  embedded: "embedded FerretDB",
  memory: "mongodb-memory-server",
};

type DemoAccounts = typeof import("./users/demo-accounts.js");

function banner(url: string, database: DatabaseTarget, demo: DemoAccounts | undefined, playground: boolean): string {
  const lines = [`Tessera is ready at ${url}`, `Database: ${DATABASE_NAMES[database.kind]}, data in ${database.location}`];
  if (playground) lines.push(`Playground: open ${url} in a browser`);
  if (demo) {
    lines.push(`Demo accounts (password "${demo.DEMO_PASSWORD}"): ${demo.DEMO_ACCOUNTS.map((a) => `${a.email} (${a.roles.join(",")})`).join(", ")}`);
  }
  return lines.join("\n");
}

/** Starts the API and stops it on SIGINT or SIGTERM; `afterStop` flushes what must outlive it (the last spans). */
export async function main(afterStop?: () => Promise<void>): Promise<void> {
  const config = loadConfig();
  // The application (mongoose, graphql, Fastify: over a second of CPU) is imported once the configuration
  // holds, so a refused start says why at once.
  const [{ createLogger }, { startTessera }, demo] = await Promise.all([import("./logger.js"), import("./tessera.js"), import("./users/demo-accounts.js")]);
  const logger = createLogger(config);
  const tessera = await startTessera(config, logger);
  console.log(banner(tessera.url, tessera.database, config.seedDemoAccounts ? demo : undefined, config.playground !== "off"));

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
