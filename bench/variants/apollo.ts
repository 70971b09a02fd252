import type { AddressInfo } from "node:net";
import { Redis } from "ioredis";
import { decodeJwt } from "jose";
import { bearerTokenFrom } from "../../src/tokens/authorization-header.js";
import { viewerFromClaims, type Claims } from "../../src/tokens/claims.js";
import { startKeyRing } from "../../src/tokens/keys.js";
import type { ViewerFromRequest } from "../../src/viewer/viewer-from-request.js";
import type { Config } from "../../src/config.js";
import { connectDatabase, disconnectDatabase, isDatabaseReachable } from "../../src/db/connection.js";
import type { Logger } from "../../src/logger.js";
import { buildTesseraSchema } from "../../src/schema.js";
import { createServer } from "../../src/server.js";
import { startServices } from "../../src/services.js";
import { mongoSessionViewer, redisSessionViewer, type SessionCounter } from "./sessions.js";

export type ApolloVariant = "noauth" | "tessera" | "redis" | "mongo" | "logged";

export interface RunningVariant {
  port: number;
  stop(): Promise<void>;
}

/** Variant 1: the token's payload is read without any verification (base64url + JSON), and no rule is enforced. */
const unverifiedViewer: ViewerFromRequest = async (request) => {
  const token = bearerTokenFrom(request.rawHeaders);
  return { viewer: token === undefined ? null : viewerFromClaims(decodeJwt(token) as unknown as Claims), proofKey: undefined };
};

/**
 * Variants 1 to 4: Tessera's own server (createServer: Fastify, Apollo, limits,
 * context) and services (startServices), as src/tessera.ts composes them, with only the
 * header → Viewer step (and, for the ceiling, rule enforcement) swapped.
 * Indexes, seeding and the expiry sweeper are the orchestrator's, done once.
 */
export async function startApolloVariant(
  variant: ApolloVariant,
  config: Config,
  logger: Logger,
  session: { redisUrl: string; keyPrefix: string; counter: SessionCounter },
): Promise<RunningVariant> {
  await connectDatabase(config.database.uri!, config.database, logger);
  const services = await startServices(config, logger, await startKeyRing(config, logger));
  const redis = variant === "redis" ? new Redis(session.redisUrl, { maxRetriesPerRequest: 1 }) : undefined;

  let viewerFromRequest = services.viewerFromRequest;
  if (variant === "noauth") viewerFromRequest = unverifiedViewer;
  else if (variant === "redis") viewerFromRequest = redisSessionViewer(redis!, session.keyPrefix, session.counter);
  else if (variant === "mongo") viewerFromRequest = mongoSessionViewer();

  const app = await createServer({
    config,
    logger,
    schema: await buildTesseraSchema({ enforceRules: variant !== "noauth" }),
    ...services,
    viewerFromRequest,
    isDatabaseReachable,
  });
  await app.listen({ host: config.host, port: config.port });
  return {
    port: (app.server.address() as AddressInfo).port,
    stop: async () => {
      await app.close();
      redis?.disconnect();
      await services.stop();
      await disconnectDatabase();
    },
  };
}
