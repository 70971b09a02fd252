import type { AddressInfo } from "node:net";
import { createAccessTokenIssuer } from "./auth/access-token.js";
import { createAccessTokenVerifier, localKeys } from "./auth/verify-access-token.js";
import { createViewerFromRequest } from "./auth/viewer-from-request.js";
import { createViewerFromToken } from "./auth/viewer-from-token.js";
import { startKeyRing } from "./auth/keys.js";
import { startRevocations } from "./auth/revocation.js";
import type { Config } from "./config.js";
import { connectDatabase, disconnectDatabase, isDatabaseReachable } from "./db/connection.js";
import { startExpirySweeper } from "./db/expiry-sweeper.js";
import { ensureIndexes } from "./db/indexes.js";
import { startEventBus } from "./events/event-bus.js";
import { resolveDatabase, type DatabaseTarget } from "./db/resolve.js";
import type { Logger } from "./logger.js";
import { buildTesseraSchema } from "./schema.js";
import { createRateLimits } from "./rate-limit/rate-limits.js";
import { createServer } from "./server.js";
import { seedDemoAccounts } from "./users/demo-accounts.js";

export interface RunningTessera {
  url: string;
  port: number;
  database: DatabaseTarget;
  /** Stops accepting, lets in-flight requests finish (bounded), closes the database, stops an embedded one. */
  stop(): Promise<void>;
}

function withTimeout(promise: Promise<unknown>, ms: number): Promise<unknown> {
  return Promise.race([promise, new Promise((resolve) => setTimeout(resolve, ms).unref())]);
}

/** The composition root: everything is built once here, at start, and nothing per request. */
export async function startTessera(config: Config, logger: Logger): Promise<RunningTessera> {
  const keys = await startKeyRing(config, logger);
  const database = await resolveDatabase(config, logger);
  try {
    await connectDatabase(database.uri);
    const stopSweeper = startExpirySweeper(await ensureIndexes(logger), logger);
    if (config.seedDemoAccounts) await seedDemoAccounts(logger);

    const rateLimits = createRateLimits(config.rateLimits, logger);
    const revocations = await startRevocations({
      ...config.revocation,
      maxTokenLifetimeSeconds: config.jwt.accessTokenTtlSeconds + config.jwt.clockToleranceSeconds,
      logger,
    });
    const events = await startEventBus({ redisUrl: config.events.redisUrl, logger });
    const viewerFromToken = createViewerFromToken(
      createAccessTokenVerifier({ ...config.jwt, getKey: localKeys(keys), algorithm: config.jwt.algorithm }),
      revocations,
    );
    const app = await createServer({
      config,
      logger,
      schema: await buildTesseraSchema({ events: events.bus }),
      keys,
      viewerFromRequest: createViewerFromRequest(viewerFromToken),
      viewerFromToken,
      issueAccessToken: createAccessTokenIssuer(keys, config.jwt),
      isDatabaseReachable,
      rateLimits,
      revocations,
      events: events.bus,
    });
    await app.listen({ host: config.host, port: config.port });
    const { port } = app.server.address() as AddressInfo;
    const stop = async () => {
      stopSweeper();
      await withTimeout(app.close(), config.shutdownTimeoutMs);
      keys.stop();
      await rateLimits.close();
      await revocations.stop();
      events.stop();
      await disconnectDatabase();
      await database.stop();
    };
    return { url: `http://localhost:${port}/graphql`, port, database, stop };
  } catch (error) {
    await disconnectDatabase().catch(() => {});
    await database.stop();
    throw error;
  }
}
