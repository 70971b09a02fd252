import type { AddressInfo } from "node:net";
import { startKeyRing } from "./tokens/keys.js";
import type { Config } from "./config.js";
import { connectDatabase, disconnectDatabase, isDatabaseReachable } from "./db/connection.js";
import { startExpirySweeper } from "./db/expiry-sweeper.js";
import { ensureIndexes } from "./db/indexes.js";
import { resolveDatabase, type DatabaseTarget } from "./db/resolve.js";
import { assertPortFree } from "./http/port-in-use.js";
import type { Logger } from "./logger.js";
import { startMetricsServer } from "./metrics/metrics-server.js";
import { buildTesseraSchema } from "./schema.js";
import { createServer } from "./server.js";
import { startServices } from "./services.js";
import { seedDemoPosts } from "./posts/demo-posts.js";
import { seedDemoAccounts } from "./users/demo-accounts.js";
import { backfillUserEmails } from "./users/user-emails.js";

export interface RunningTessera {
  url: string;
  port: number;
  /** Where /metrics is served, unless METRICS_PORT=off. */
  metricsPort: number | undefined;
  database: DatabaseTarget;
  /** Stops accepting, lets in-flight requests finish (bounded), closes the database, stops an embedded one. */
  stop(): Promise<void>;
}

function withTimeout(promise: Promise<unknown>, ms: number): Promise<unknown> {
  return Promise.race([promise, new Promise((resolve) => setTimeout(resolve, ms).unref())]);
}

/** The composition root: everything is built once here, at start, and nothing per request. */
export async function startTessera(config: Config, logger: Logger): Promise<RunningTessera> {
  await assertPortFree(config.host, config.port, "PORT");
  await assertPortFree(config.host, config.metricsPort, "METRICS_PORT");
  // Each part as it starts, with how to stop it: stop() stops them all, last first, and so does a start that
  // fails halfway (a port taken since it was checked, say), with what had started by then.
  const stops: Array<() => unknown> = [];
  const stopStarted = async ({ quietly = false } = {}) => {
    while (stops.length > 0) {
      const stop = stops.pop()!;
      await (quietly ? Promise.resolve().then(stop).catch(() => {}) : stop());
    }
  };
  try {
    const keys = await startKeyRing(config, logger);
    stops.push(() => keys.stop());
    const database = await resolveDatabase(config, logger);
    stops.push(() => database.stop(), () => disconnectDatabase());
    await connectDatabase(database.uri, config.database, logger);
    stops.push(startExpirySweeper(await ensureIndexes(logger), logger));
    await backfillUserEmails(logger);
    if (config.seedDemoAccounts) await seedDemoAccounts(logger);
    if (config.seedDemoPosts) await seedDemoPosts(logger);

    const services = await startServices(config, logger, keys);
    stops.push(() => services.stop());
    const schema = await buildTesseraSchema();
    const app = await createServer({ config, logger, schema, ...services, isDatabaseReachable });
    stops.push(() => withTimeout(app.close(), config.shutdownTimeoutMs));
    await app.listen({ host: config.host, port: config.port });
    const { port } = app.server.address() as AddressInfo;
    const metricsServer = config.metricsPort === undefined ? undefined : await startMetricsServer(services.metrics, config.host, config.metricsPort);
    if (metricsServer) stops.push(() => metricsServer.close());
    return { url: `http://localhost:${port}/graphql`, port, metricsPort: metricsServer?.port, database, stop: () => stopStarted() };
  } catch (error) {
    await stopStarted({ quietly: true });
    throw error;
  }
}
