import { createAccessTokenIssuer, type AccessTokenIssuer } from "./tokens/access-token.js";
import type { KeyRing } from "./tokens/keys.js";
import { startRevocations, type Revocations } from "./sessions/revocation.js";
import { withVerifiedTokenCache } from "./tokens/verified-token-cache.js";
import { createAccessTokenVerifier, localKeys } from "./tokens/verify-access-token.js";
import { createTokenVerifier, type TokenVerifier } from "./tokens/verify-token.js";
import { startTrustedIssuers } from "./tokens/issuers/start-trusted-issuers.js";
import { createViewerFromRequest, type ViewerFromRequest } from "./viewer/viewer-from-request.js";
import { createAuthenticate, type Authenticate, type DpopPolicy } from "./viewer/authenticate.js";
import { createDpopProofVerifier } from "./tokens/dpop/verify-dpop-proof.js";
import { createDpopNonces } from "./tokens/dpop/dpop-nonces.js";
import { memoryReplayStore } from "./tokens/dpop/replay-store.js";
import { startRedisReplayStore } from "./redis/dpop-replay-store.js";
import { createViewerFromToken, type ViewerFromToken } from "./viewer/viewer-from-token.js";
import type { Config } from "./config.js";
import { startEventBus } from "./events/event-bus.js";
import type { EventBus } from "./events/events.js";
import type { Logger } from "./logger.js";
import { createRateLimits, type RateLimits } from "./rate-limit/rate-limits.js";
import { createMetrics, type Metrics } from "./metrics/metrics.js";

/** Counts the verifications that checked a signature (hits of the verified-token cache are counted apart). */
function countedAsValid(verify: TokenVerifier, metrics: Metrics): TokenVerifier {
  return async (token) => {
    const viewer = await verify(token);
    metrics.tokenVerification("valid");
    return viewer;
  };
}

/** What an instance holds besides its database connection and its HTTP server. */
export interface Services {
  keys: KeyRing;
  /** Access token -> Viewer, for the HTTP header and the subscription socket alike. */
  viewerFromToken: ViewerFromToken;
  /** Credentials and DPoP proof -> Viewer, for both transports. */
  authenticate: Authenticate;
  viewerFromRequest: ViewerFromRequest;
  dpop: DpopPolicy;
  issueAccessToken: AccessTokenIssuer;
  rateLimits: RateLimits;
  revocations: Revocations;
  events: EventBus;
  metrics: Metrics;
  stop(): Promise<void>;
}

/**
 * Built once at start, after the database is connected (revocations resync from it). The key ring is
 * started before, so that bad keys fail the start before a database is provisioned; it is ours to stop.
 */
export async function startServices(config: Config, logger: Logger, keys: KeyRing): Promise<Services> {
  const metrics = createMetrics();
  const rateLimits = await createRateLimits(config.rateLimits, logger, metrics.rateLimited);
  const revocations = await startRevocations({
    ...config.revocation,
    maxTokenLifetimeSeconds: config.maxAcceptedTokenLifetimeSeconds,
    logger,
    onPropagated: metrics.revocationPropagated,
  });
  const events = await startEventBus({ redisUrl: config.events.redisUrl, logger });
  const trusted = startTrustedIssuers(config.trustedIssuers, config.jwt.clockToleranceSeconds, logger);
  const own = { issuer: config.jwt.issuer, verify: createAccessTokenVerifier({ ...config.jwt, getKey: localKeys(keys), algorithm: config.jwt.algorithm }) };
  const verifyAccessToken = withVerifiedTokenCache(countedAsValid(createTokenVerifier(own, trusted.verifiers), metrics), {
    onHit: () => metrics.tokenVerification("cached"),
    maxEntries: config.jwt.verifiedCacheSize,
    maxTokenLifetimeSeconds: (issuer) => (issuer === own.issuer ? config.jwt.maxTokenLifetimeSeconds : trusted.maxTokenAgeSeconds(issuer)),
    isKeyTrusted: (issuer, kid) => (issuer === own.issuer ? keys.current.verification.has(kid) : trusted.hasKey(issuer, kid)),
  });
  const viewerFromToken = createViewerFromToken(verifyAccessToken, revocations, metrics.tokenVerification);
  const replay = config.dpop.mode !== "off" && config.dpop.redisUrl ? await startRedisReplayStore(config.dpop.redisUrl, logger) : undefined;
  const nonces = config.dpop.nonces && createDpopNonces(config.dpop.nonces.secret);
  const dpop: DpopPolicy = {
    mode: config.dpop.mode,
    nonces,
    verifyProof: createDpopProofVerifier({
      maxAgeSeconds: config.dpop.proofMaxAgeSeconds,
      clockToleranceSeconds: config.jwt.clockToleranceSeconds,
      replay: replay ?? memoryReplayStore(),
      nonces,
    }),
  };
  const authenticate = createAuthenticate(viewerFromToken, dpop);
  return {
    keys,
    viewerFromToken,
    authenticate,
    dpop,
    viewerFromRequest: createViewerFromRequest(authenticate),
    issueAccessToken: createAccessTokenIssuer(keys, config.jwt),
    rateLimits,
    revocations,
    events: events.bus,
    metrics,
    stop: async () => {
      keys.stop();
      await rateLimits.close();
      await revocations.stop();
      events.stop();
      replay?.stop();
    },
  };
}
