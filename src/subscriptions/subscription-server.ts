import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import { getOperationAST, type GraphQLSchema } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import type { Revocations } from "../sessions/revocation.js";
import type { Metrics } from "../metrics/metrics.js";
import type { Viewer } from "../tokens/claims.js";
import type { ViewerFromToken } from "../viewer/viewer-from-token.js";
import { bodyTransport } from "../sessions/refresh-transport.js";
import { createContext, type Context, type SharedContext } from "../context.js";
import { ErrorCode, TesseraError } from "../errors.js";
import { limitExceeded } from "../limits/limit-exceeded.js";
import type { OperationLimits } from "../limits/operation-limits.js";
import type { Logger } from "../logger.js";
import type { RecordOperation } from "../plugins/operations/operation-recorder.js";
import { toClientError } from "./client-errors.js";
import { closeFor, CloseCode } from "./close-codes.js";
import { createConnectionViewer, type ConnectionParams } from "./connection-viewer.js";
import { logSocketErrors } from "./socket-errors.js";
import { subscribeWithContextPerEvent } from "./context-per-event.js";
import { prepareOperation } from "./prepare-operation.js";
import { watchTokenLifetimes } from "./token-lifetimes.js";

export interface SubscriptionServerParts {
  schema: GraphQLSchema;
  limits: OperationLimits;
  viewerFromToken: ViewerFromToken;
  revocations: Revocations;
  shared: SharedContext;
  logger: Logger;
  isProduction: boolean;
  /** The largest message a client may send, as the HTTP body cap. */
  maxPayloadBytes: number;
  metrics: Metrics;
  /** Metrics and the one log line of each subscription, written when it ends or is refused. */
  recordOperation: RecordOperation;
}

/**
 * Every subscription costs a read per event it hears: one connection may not
 * multiply that without bound. Apollo Client multiplexes a page's
 * subscriptions over one connection; 20 is far above what a page runs.
 */
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 20;

interface RunningSubscription {
  /** Its operation's name, as the document gives it when the client sent none (graphql-ws's client does not). */
  name: string | undefined;
  startedAt: number;
  /** The error codes it ended with, if it failed. */
  codes: unknown[];
}

/** What one connection knows once connection_init is accepted; every subscription on it runs as this viewer. */
interface Connection {
  log: Logger;
  viewer: Viewer | null;
  /** Its running subscriptions by id, for tessera_subscriptions_active and each one's log line when it ends. */
  running: Map<string, RunningSubscription>;
  subscriptionContext(id: string): Context;
}

/**
 * graphql-ws (the graphql-transport-ws protocol) on the HTTP server's
 * `/graphql`, beside Apollo's GET and POST. The token is verified once, at
 * connection_init; each event then runs as an HTTP request would, with the
 * same rules, limits and error policy. Returns the function that closes every
 * socket (1001) and the server, for shutdown.
 */
export function startSubscriptionServer(httpServer: Server, parts: SubscriptionServerParts): () => Promise<void> {
  const webSockets = new WebSocketServer({ server: httpServer, path: "/graphql", maxPayload: parts.maxPayloadBytes });
  const connectionViewer = createConnectionViewer(parts.viewerFromToken);
  const lifetimes = watchTokenLifetimes(parts.revocations);
  const connections = new Set<Connection>();
  parts.metrics.countSubscriptionsWith(() => [...connections].reduce((sum, connection) => sum + connection.running.size, 0));
  const server = useServer<ConnectionParams, { connection: Connection }>(
    {
      schema: parts.schema,
      subscribe: subscribeWithContextPerEvent,
      async onConnect(ctx) {
        const { socket, request } = ctx.extra;
        const connectionId = randomUUID();
        const log = parts.logger.child({ connection: connectionId });
        try {
          const viewer = await connectionViewer(ctx.connectionParams, log);
          if (viewer) lifetimes.watch(socket, viewer, log);
          ctx.extra.connection = {
            log,
            viewer,
            running: new Map(),
            subscriptionContext: (id) =>
              createContext(parts.shared, {
                requestId: `${connectionId}/${id}`,
                viewer,
                log: log.child({ subscription: id }),
                clientAddress: request.socket.remoteAddress ?? "",
                // Only subscriptions run over the socket: no operation here reads or issues a refresh token.
                refreshTransport: bodyTransport,
              }),
          };
          return true;
        } catch (error) {
          if (error instanceof TesseraError) {
            const { code, reason } = closeFor(error);
            socket.close(code, reason);
          } else {
            log.error({ err: error }, "connection_init failed");
            socket.close(CloseCode.INTERNAL_ERROR, "Internal server error");
          }
          return false;
        }
      },
      onSubscribe(ctx, id, payload) {
        // This subscription is already counted.
        if (Object.keys(ctx.subscriptions).length > MAX_SUBSCRIPTIONS_PER_CONNECTION) {
          const message = `At most ${MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions per connection`;
          return [limitExceeded(ErrorCode.SUBSCRIPTION_LIMIT_EXCEEDED, message, MAX_SUBSCRIPTIONS_PER_CONNECTION)];
        }
        const prepared = prepareOperation(parts.schema, parts.limits, payload);
        if (Array.isArray(prepared)) return prepared;
        const refused = parts.limits.checkOperation({ query: payload.query }, ctx.extra.connection!.viewer);
        if (refused) return [refused];
        connections.add(ctx.extra.connection!);
        const name = getOperationAST(prepared.document, payload.operationName)?.name?.value;
        ctx.extra.connection!.running.set(id, { name, startedAt: performance.now(), codes: [] });
        return { ...prepared, contextValue: ctx.extra.connection!.subscriptionContext(id) };
      },
      onComplete(ctx, id) {
        const connection = ctx.extra.connection!;
        const running = connection.running.get(id);
        connection.running.delete(id);
        if (running) record(connection, id, running.name, performance.now() - running.startedAt, running.codes);
      },
      onClose(ctx) {
        if (ctx.extra.connection) connections.delete(ctx.extra.connection);
      },
      onNext(_ctx, _id, _payload, args, { errors, ...result }) {
        const { log } = args.contextValue as Context;
        return errors ? { ...result, errors: errors.map((error) => toClientError(error, log, parts.isProduction)) } : result;
      },
      onError(ctx, id, payload, errors) {
        const connection = ctx.extra.connection!;
        const log = connection.log.child({ subscription: id });
        const clientErrors = errors.map((error) => toClientError(error, log, parts.isProduction));
        const codes = clientErrors.map((error) => error.extensions?.code);
        // A running subscription that fails still completes, and is recorded then; a refused one never ran.
        const running = connection.running.get(id);
        if (running) running.codes = codes;
        else record(connection, id, payload.operationName, 0, codes);
        return clientErrors;
      },
    },
    webSockets,
  );
  const record = (connection: Connection, id: string, name: string | null | undefined, durationMs: number, codes: unknown[]) =>
    parts.recordOperation({ type: "subscription", name, durationMs, codes, sub: connection.viewer?.subject }, connection.log.child({ subscription: id }));
  logSocketErrors(webSockets, parts.logger);
  return async () => {
    lifetimes.stop();
    await server.dispose();
  };
}
