import { randomUUID } from "node:crypto";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import fastifyApollo, { fastifyApolloDrainPlugin } from "@as-integrations/fastify";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from "fastify";
import type { GraphQLSchema } from "graphql";
import type { AccessTokenIssuer } from "./auth/access-token.js";
import type { ViewerFromRequest } from "./auth/context.js";
import type { KeySet } from "./auth/keys.js";
import type { Config } from "./config.js";
import type { Context } from "./context.js";
import { formatError } from "./errors.js";
import { registerHealthRoutes } from "./http/health.js";
import { registerJwksRoute } from "./http/jwks.js";
import { createLoaders } from "./loaders.js";
import type { Logger } from "./logger.js";
import { logUnexpectedErrors } from "./plugins/log-errors.js";

export interface ServerParts {
  config: Config;
  logger: Logger;
  schema: GraphQLSchema;
  keys: KeySet;
  viewerFromRequest: ViewerFromRequest;
  issueAccessToken: AccessTokenIssuer;
  isDatabaseReachable: () => Promise<boolean>;
}

/** HTTP and Apollo wiring only: routes, plugins and the per-request context. No business logic. */
export async function createServer(parts: ServerParts): Promise<FastifyInstance> {
  const { config, logger, schema } = parts;
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    genReqId: () => randomUUID(),
    // Never trust a client-chosen request id: it is what ties our logs together.
    requestIdHeader: false,
  });
  app.addHook("onRequest", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });
  // Every body reaches Apollo, which answers unsupported content types with 400 (CSRF prevention).
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_request, _body, done) => done(null, undefined));

  const apollo = new ApolloServer<Context>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: !config.isProduction,
    hideSchemaDetailsFromClientErrors: config.isProduction,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    plugins: [
      fastifyApolloDrainPlugin(app),
      logUnexpectedErrors(logger),
      config.isProduction ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ embed: true }),
    ],
  });
  await apollo.start();

  const buildContext = async (request: FastifyRequest): Promise<Context> => {
    const log = request.log as Logger;
    const viewer = await parts.viewerFromRequest(
      { rawHeaders: request.raw.rawHeaders, body: request.body, query: request.query },
      log,
    );
    return {
      requestId: request.id,
      viewer,
      log,
      loaders: createLoaders(viewer),
      auth: { issueAccessToken: parts.issueAccessToken, refreshTokenTtlSeconds: config.jwt.refreshTokenTtlSeconds },
    };
  };

  await app.register(fastifyApollo(apollo), { path: "/graphql", method: ["GET", "POST"], context: buildContext });
  registerHealthRoutes(app, parts.isDatabaseReachable);
  registerJwksRoute(app, parts.keys);
  return app;
}
