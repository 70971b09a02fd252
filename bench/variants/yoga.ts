import { randomUUID, createPublicKey, type JsonWebKey, type KeyObject } from "node:crypto";
import { createServer, type IncomingMessage, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";
import type { GraphQLRequestContext } from "@apollo/server";
import type { DocumentNode, ExecutionArgs, ValidationRule } from "graphql";
import { viewerFromClaims, type Claims } from "../../src/tokens/claims.js";
import { startKeyRing } from "../../src/tokens/keys.js";
import { bodyTransport } from "../../src/sessions/refresh-transport.js";
import type { Config } from "../../src/config.js";
import type { Context } from "../../src/context.js";
import { connectDatabase, disconnectDatabase } from "../../src/db/connection.js";
import { operationLimits } from "../../src/limits/operation-limits.js";
import { createLoaders } from "../../src/loaders.js";
import type { Logger } from "../../src/logger.js";
import { buildTesseraSchema } from "../../src/schema.js";
import { startServices } from "../../src/services.js";
import type { RunningVariant } from "./apollo.js";

/**
 * graphql-yoga's typings augment graphql's GraphQLErrorExtensions (`http.headers`
 * as a Record) and so would break the type-check of src/errors.ts (a Map) for
 * the whole build: Yoga and its JWT plugin are loaded without their typings,
 * through the few members used here.
 */
interface YogaPlugin {
  onValidate?(payload: { addValidationRule(rule: ValidationRule): void }): void;
  onExecute?(payload: { args: ExecutionArgs }): Promise<void>;
}
interface JwtPayloadInContext {
  payload: Record<string, unknown>;
}
interface YogaModule {
  createYoga(options: {
    schema: unknown;
    graphqlEndpoint: string;
    graphiql: boolean;
    landingPage: boolean;
    logging: string;
    plugins: unknown[];
    context(initial: { req: IncomingMessage; jwt?: JwtPayloadInContext }): Context;
  }): RequestListener;
}
interface JwtPluginModule {
  useJWT(options: {
    signingKeyProviders: [(kid?: string) => string | KeyObject | undefined];
    tokenVerification: { algorithms: string[]; issuer: string; audience: string };
    reject: { missingToken: boolean; invalidToken: boolean };
  }): unknown;
}
const untyped = (specifier: string): Promise<unknown> => import(specifier);

/**
 * The same operation limits Tessera applies (depth, aliases, directives as
 * validation rules; the cost limit, an Apollo plugin, called from Yoga's
 * execute hook), so the peer does the same work per request.
 */
function sameLimits(config: Config, schema: Parameters<typeof operationLimits>[1]): YogaPlugin {
  const limits = operationLimits(config, schema);
  return {
    onValidate({ addValidationRule }) {
      for (const rule of limits.validationRules) addValidationRule(rule);
    },
    async onExecute({ args }) {
      for (const plugin of limits.plugins) {
        const hooks = await plugin.requestDidStart?.({} as GraphQLRequestContext<never>);
        await hooks?.didResolveOperation?.({
          request: { operationName: args.operationName ?? undefined, variables: (args.variableValues ?? {}) as Record<string, unknown> },
          document: args.document as DocumentNode,
        } as never);
      }
    },
  };
}

/**
 * Variant 5, the peer: GraphQL Yoga on Node's http server, with
 * @graphql-yoga/plugin-jwt verifying the same ES256 tokens (jsonwebtoken,
 * public keys imported once, algorithm, issuer and audience pinned), over the same
 * type-graphql schema with the same rule enforcement. Its context gives the
 * resolvers what Tessera's does: viewer, loaders, log, rate limits, auth.
 */
export async function startYogaVariant(config: Config, logger: Logger): Promise<RunningVariant> {
  if (config.jwt.algorithm !== "ES256") throw new Error("the Yoga variant is set up for ES256 tokens");
  const { createYoga } = (await untyped("graphql-yoga")) as YogaModule;
  const { useJWT } = (await untyped("@graphql-yoga/plugin-jwt")) as JwtPluginModule;
  await connectDatabase(config.database.uri!, config.database, logger);
  const services = await startServices(config, logger, await startKeyRing(config, logger));
  const { keys, rateLimits, revocations, issueAccessToken, events } = services;
  // Public keys by kid, imported once. The plugin's documented providers hand jsonwebtoken a PEM string, which it
  // parses again on every verification (createPublicKey: about an eighth of Yoga's CPU in a profile of `viewer`);
  // jsonwebtoken also takes a KeyObject, which skips that: the peer gets the faster setup.
  const publicKeys = new Map(keys.current.jwks.keys.map((jwk) => [jwk.kid!, createPublicKey({ key: jwk as JsonWebKey, format: "jwk" })]));
  const schema = await buildTesseraSchema();

  const yoga = createYoga({
    schema,
    graphqlEndpoint: "/graphql",
    graphiql: false,
    landingPage: false,
    logging: "warn",
    plugins: [
      useJWT({
        signingKeyProviders: [(kid) => publicKeys.get(kid ?? "")],
        tokenVerification: { algorithms: ["ES256"], issuer: config.jwt.issuer, audience: config.jwt.audience },
        reject: { missingToken: false, invalidToken: true },
      }),
      sameLimits(config, schema),
    ],
    context: ({ req, jwt }): Context => {
      const viewer = jwt ? viewerFromClaims(jwt.payload as Claims) : null;
      const deadline = Date.now() + config.limits.executionMs;
      return {
        requestId: randomUUID(),
        viewer,
        log: logger,
        clientAddress: req.socket.remoteAddress ?? "",
        rateLimits,
        executionMs: config.limits.executionMs,
        deadline,
        loaders: createLoaders(viewer, deadline),
        events,
        auth: {
          issueAccessToken,
          refreshTokenTtlSeconds: config.jwt.refreshTokenTtlSeconds,
          revocations,
          refreshTransport: bodyTransport,
          proofKey: undefined,
          dpopRequired: false,
        },
      };
    },
  });
  const server = createServer(yoga);
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  return {
    port: (server.address() as AddressInfo).port,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await services.stop();
      await disconnectDatabase();
    },
  };
}
