import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled } from "@apollo/server/plugin/disabled";
import fastifyApollo, { fastifyApolloDrainPlugin } from "@as-integrations/fastify";
import cookie from "@fastify/cookie";
import helmet from "@fastify/helmet";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { GraphQLError, type GraphQLSchema } from "graphql";
import type { AccessTokenIssuer } from "./tokens/access-token.js";
import type { KeyRing } from "./tokens/keys.js";
import { bodyTransport } from "./sessions/refresh-transport.js";
import type { Revocations } from "./sessions/revocation.js";
import type { ViewerFromRequest } from "./viewer/viewer-from-request.js";
import type { Authenticate, DpopPolicy } from "./viewer/authenticate.js";
import { addressedUrl } from "./http/addressed-url.js";
import type { Viewer } from "./tokens/claims.js";
import type { Config } from "./config.js";
import { createContext, type Context, type SharedContext } from "./context.js";
import { ErrorCode, formatError } from "./errors.js";
import type { EventBus } from "./events/events.js";
import { registerCors } from "./http/cors.js";
import { registerErrorHandler, registerNotFoundHandler } from "./http/error-handler.js";
import { registerHealthRoutes } from "./http/health.js";
import { registerJwksRoute } from "./http/jwks.js";
import { operationIn } from "./http/operation-in.js";
import { requestIdOf } from "./http/request-id.js";
import { RequestLog } from "./http/request-log.js";
import { socketTimeouts } from "./http/socket-timeouts.js";
import { registerPlayground } from "./http/playground.js";
import { refreshCookieTransport } from "./http/refresh-cookie.js";
import { operationLimits } from "./limits/operation-limits.js";
import type { Logger } from "./logger.js";
import { boundedOperationNames } from "./metrics/operation-names.js";
import type { Metrics } from "./metrics/metrics.js";
import { logUnexpectedErrors } from "./plugins/log-errors/log-errors.js";
import { operationRecorder } from "./plugins/operations/operation-recorder.js";
import { recordOperations } from "./plugins/operations/record-operations.js";
import { refuseSubscriptionsOverHttp } from "./plugins/subscriptions-over-http/subscriptions-over-http.js";
import type { RateLimits } from "./rate-limit/rate-limits.js";
import { startSubscriptionServer } from "./subscriptions/subscription-server.js";

export interface ServerParts {
  config: Config;
  logger: Logger;
  schema: GraphQLSchema;
  keys: KeyRing;
  viewerFromRequest: ViewerFromRequest;
  /** The same verification for the subscription socket's connection_init. */
  authenticate: Authenticate;
  dpop: DpopPolicy;
  issueAccessToken: AccessTokenIssuer;
  isDatabaseReachable: () => Promise<boolean>;
  rateLimits: RateLimits;
  revocations: Revocations;
  events: EventBus;
  metrics: Metrics;
}

/** HTTP, WebSocket and Apollo wiring only: routes, plugins and the per-request context. No business logic. */
export async function createServer(parts: ServerParts): Promise<FastifyInstance> {
  const { config, logger, schema } = parts;
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    logController: new RequestLog(),
    bodyLimit: config.limits.bodyBytes,
    trustProxy: config.trustProxy,
    // Our own reading of x-request-id (requestIdOf), not Fastify's, which would take any value.
    genReqId: requestIdOf,
    requestIdHeader: false,
    ...socketTimeouts(config.timeouts),
  });
  app.addHook("onRequest", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });
  // While stopping, a request that was in flight ends its keep-alive connection with its answer: the
  // HTTP server closes only connections idle when it closes, and would otherwise wait out the rest.
  let closing = false;
  app.addHook("preClose", async () => {
    closing = true;
  });
  app.addHook("onSend", async (_request, reply) => {
    if (closing) reply.header("connection", "close");
  });
  await app.register(helmet, {
    // Our GraphiQL loads only from this origin, so it runs under the strict default policy. Apollo Sandbox
    // loads from Apollo's CDN (development only). Plain-http development keeps its http: asset URLs.
    contentSecurityPolicy:
      config.playground !== "sandbox" && { directives: { upgradeInsecureRequests: config.isProduction ? [] : null } },
  });
  const corsOrigins = new Set(config.corsOrigins);
  await registerCors(app, corsOrigins);
  await app.register(cookie);
  registerErrorHandler(app, config.limits.bodyBytes);
  registerNotFoundHandler(app);
  // Every body reaches Apollo, which answers unsupported content types with 400 (CSRF prevention).
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_request, _body, done) => done(null, undefined));

  const limits = operationLimits(config, schema);
  const recordOperation = operationRecorder(parts.metrics, boundedOperationNames(limits.trustedOperationNames));
  const landingPage = registerPlayground(app, config);
  const apollo = new ApolloServer<Context>({
    schema,
    validationRules: limits.validationRules,
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: config.introspection.allowed !== "nobody",
    // Automatic persisted queries: on, in memory, when every operation is allowed; with trusted documents, the
    // manifest is the only store, and a client can never register a document of its own.
    persistedQueries: limits.persistedQueries,
    hideSchemaDetailsFromClientErrors: config.isProduction,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // Shutdown is ours (index.ts): Apollo's own handler would stop it early and re-raise the signal.
    stopOnTerminationSignals: false,
    plugins: [
      fastifyApolloDrainPlugin(app),
      logUnexpectedErrors(),
      // No field sets cache hints; the default plugin would still wrap every resolver to collect them.
      ApolloServerPluginCacheControlDisabled(),
      refuseSubscriptionsOverHttp(),
      recordOperations(recordOperation),
      ...limits.plugins,
      landingPage,
    ],
  });
  await apollo.start();

  const shared: SharedContext = {
    rateLimits: parts.rateLimits,
    events: parts.events,
    auth: {
      issueAccessToken: parts.issueAccessToken,
      refreshTokenTtlSeconds: config.jwt.refreshTokenTtlSeconds,
      revocations: parts.revocations,
      dpopRequired: config.dpop.mode === "required",
    },
    executionMs: config.limits.executionMs,
  };
  const buildContext = async (request: FastifyRequest, reply: FastifyReply): Promise<Context> => {
    const log = request.log as Logger;
    const operation = operationIn(request);
    let viewer: Viewer | null = null;
    let proofKey: string | undefined;
    // RFC 9449 §8.2: a fresh nonce on every answer, so a client always holds one that is accepted.
    if (parts.dpop.nonces) reply.header("dpop-nonce", parts.dpop.nonces.current());
    try {
      // Apollo calls this before it parses: a document over the token or nesting bound is refused unparsed.
      const tooLarge = operation.query === undefined ? undefined : limits.checkDocument(operation.query);
      if (tooLarge) throw tooLarge;
      ({ viewer, proofKey } = await parts.viewerFromRequest(
        { rawHeaders: request.raw.rawHeaders, body: request.body, query: request.query, method: request.method, url: addressedUrl(config.publicUrl, request) },
        log,
      ));
      const refused = limits.checkOperation(operation, viewer);
      if (refused) throw refused;
    } catch (error) {
      // Refusals are GraphQLErrors with their own status; anything else is ours to log, with the request id.
      if (!(error instanceof GraphQLError)) log.error({ err: error }, "context creation failed");
      const code = error instanceof GraphQLError ? error.extensions.code : ErrorCode.INTERNAL_SERVER_ERROR;
      recordOperation({ type: "unknown", name: operation.name, durationMs: reply.elapsedTime, codes: [code], sub: viewer?.subject }, log);
      throw error;
    }
    return createContext(shared, {
      requestId: request.id,
      viewer,
      log,
      clientAddress: request.ip,
      proofKey,
      refreshTransport: config.refreshTokenTransport === "cookie" ? refreshCookieTransport(request, reply, corsOrigins) : bodyTransport,
    });
  };

  await app.register(fastifyApollo(apollo), { path: "/graphql", method: ["GET", "POST"], context: buildContext });
  const stopSubscriptions = startSubscriptionServer(app.server, {
    schema,
    limits,
    authenticate: parts.authenticate,
    publicUrl: config.publicUrl,
    revocations: parts.revocations,
    shared,
    logger,
    isProduction: config.isProduction,
    maxPayloadBytes: config.limits.bodyBytes,
    metrics: parts.metrics,
    recordOperation,
  });
  // Before the HTTP server closes: it waits for every socket, upgraded ones included.
  app.addHook("preClose", stopSubscriptions);
  registerHealthRoutes(app, parts.isDatabaseReachable);
  registerJwksRoute(app, parts.keys);
  return app;
}
