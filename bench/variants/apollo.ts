import type { AddressInfo } from "node:net";
import { createPubSub } from "@graphql-yoga/subscription";
import { Redis } from "ioredis";
import { decodeJwt } from "jose";
import { createAccessTokenIssuer } from "../../src/auth/access-token.js";
import { bearerTokenFrom } from "../../src/auth/authorization-header.js";
import { viewerFromClaims, type Claims } from "../../src/auth/claims.js";
import { startKeyRing } from "../../src/auth/keys.js";
import { startRevocations } from "../../src/auth/revocation.js";
import { createAccessTokenVerifier, localKeys } from "../../src/auth/verify-access-token.js";
import { createViewerFromRequest, type ViewerFromRequest } from "../../src/auth/viewer-from-request.js";
import { createViewerFromToken } from "../../src/auth/viewer-from-token.js";
import type { Events } from "../../src/events/events.js";
import type { Config } from "../../src/config.js";
import { connectDatabase, disconnectDatabase, isDatabaseReachable } from "../../src/db/connection.js";
import type { Logger } from "../../src/logger.js";
import { createRateLimits } from "../../src/rate-limit/rate-limits.js";
import { buildTesseraSchema } from "../../src/schema.js";
import { createServer } from "../../src/server.js";
import { mongoSessionViewer, redisSessionViewer, type SessionCounter } from "./sessions.js";

export type ApolloVariant = "noauth" | "tessera" | "redis" | "mongo";

export interface RunningVariant {
  port: number;
  stop(): Promise<void>;
}

/** Variant 1: the token's payload is read without any verification (base64url + JSON), and no rule is enforced. */
const unverifiedViewer: ViewerFromRequest = async (request) => {
  const token = bearerTokenFrom(request.rawHeaders);
  return token === undefined ? null : viewerFromClaims(decodeJwt(token) as unknown as Claims);
};

/**
 * Variants 1 to 4: Tessera's own server (createServer: Fastify, Apollo, limits,
 * context), composed as src/tessera.ts composes it, with only the
 * header → Viewer step (and, for the ceiling, rule enforcement) swapped.
 * Indexes, seeding and the expiry sweeper are the orchestrator's, done once.
 */
export async function startApolloVariant(
  variant: ApolloVariant,
  config: Config,
  logger: Logger,
  session: { redisUrl: string; keyPrefix: string; counter: SessionCounter },
): Promise<RunningVariant> {
  const keys = await startKeyRing(config, logger);
  await connectDatabase(config.database.uri!);
  const rateLimits = createRateLimits(config.rateLimits, logger);
  const revocations = await startRevocations({
    ...config.revocation,
    maxTokenLifetimeSeconds: config.jwt.accessTokenTtlSeconds + config.jwt.clockToleranceSeconds,
    logger,
  });
  const redis = variant === "redis" ? new Redis(session.redisUrl, { maxRetriesPerRequest: 1 }) : undefined;

  const viewerFromToken = createViewerFromToken(createAccessTokenVerifier({ ...config.jwt, getKey: localKeys(keys), algorithm: config.jwt.algorithm }), revocations);
  const events = createPubSub<Events>();
  let viewerFromRequest: ViewerFromRequest;
  if (variant === "noauth") viewerFromRequest = unverifiedViewer;
  else if (variant === "redis") viewerFromRequest = redisSessionViewer(redis!, session.keyPrefix, session.counter);
  else if (variant === "mongo") viewerFromRequest = mongoSessionViewer();
  // Exactly src/tessera.ts's wiring.
  else viewerFromRequest = createViewerFromRequest(viewerFromToken);

  const app = await createServer({
    config,
    logger,
    schema: await buildTesseraSchema({ enforceRules: variant !== "noauth", events }),
    keys,
    viewerFromRequest,
    viewerFromToken,
    issueAccessToken: createAccessTokenIssuer(keys, config.jwt),
    isDatabaseReachable,
    rateLimits,
    revocations,
    events,
  });
  await app.listen({ host: config.host, port: config.port });
  return {
    port: (app.server.address() as AddressInfo).port,
    stop: async () => {
      await app.close();
      keys.stop();
      redis?.disconnect();
      await rateLimits.close();
      await revocations.stop();
      await disconnectDatabase();
    },
  };
}
