import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import { getOperationAST, type GraphQLSchema } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer, type WebSocket } from "ws";
import type { Revocations } from "../sessions/revocation.js";
import type { Metrics } from "../metrics/metrics.js";
import type { Viewer } from "../tokens/claims.js";
import type { Authenticate } from "../viewer/authenticate.js";
import { addressedUrl } from "../http/addressed-url.js";
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
import { createOperationPreparer } from "./prepare-operation.js";
import { watchTokenLifetimes } from "./token-lifetimes.js";

export interface SubscriptionServerParts {
  schema: GraphQLSchema;
  limits: OperationLimits;
  authenticate: Authenticate;
  /** PUBLIC_URL: what DPoP proofs in connection_init must name. */
  publicUrl: string | undefined;
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
  /** The Context it runs with: its viewer is swapped when the connection is handed a fresh token. */
  context: Context;
  startedAt: number;
  /** The error codes it ended with, if it failed. */
  codes: unknown[];
}

/** What one connection knows once connection_init is accepted; every subscription on it runs as this viewer. */
interface Connection {
  log: Logger;
  viewer: Viewer | null;
  /** The endpoint's URL as the client addressed it: what DPoP proofs on this connection name. */
  url: string;
  /** Stops watching the current token's expiry and revocation. */
  unwatch(): void;
  /** Its running subscriptions by id, for tessera_subscriptions_active and each one's log line when it ends. */
  running: Map<string, RunningSubscription>;
  subscriptionContext(id: string): Context;
}

/**
 * A ping whose payload carries `authorization` hands the connection a fresh token (and, for DPoP, a proof for the
 * endpoint's URL), so a connection outlives its first token without closing its subscriptions.
 */
function isFreshToken(payload: unknown): payload is Record<string, unknown> & ConnectionParams {
  return typeof payload === "object" && payload !== null && "authorization" in payload;
}

/** A refused token (at connect, or handed fresh) closes the socket with its code and reason; a bug with 4500. */
function closeRefused(socket: WebSocket, error: unknown, log: Logger): void {
  if (error instanceof TesseraError) {
    const { code, reason } = closeFor(error);
    socket.close(code, reason);
  } else {
    log.error({ err: error }, "connection authentication failed");
    socket.close(CloseCode.INTERNAL_ERROR, "Internal server error");
  }
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
  const connectionViewer = createConnectionViewer(parts.authenticate);
  const prepareOperation = createOperationPreparer(parts.schema, parts.limits);
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
          // The upgrade request's own scheme: TLS ends here, or PUBLIC_URL says what the client addressed.
          const protocol = "encrypted" in request.socket && request.socket.encrypted ? "https" : "http";
          const url = addressedUrl(parts.publicUrl, { protocol, host: request.headers.host, url: request.url });
          const viewer = await connectionViewer(ctx.connectionParams, url, log);
          ctx.extra.connection = {
            log,
            viewer,
            url,
            unwatch: viewer ? lifetimes.watch(socket, viewer, log) : () => {},
            running: new Map(),
            subscriptionContext: (id) =>
              createContext(parts.shared, {
                requestId: `${connectionId}/${id}`,
                viewer: ctx.extra.connection!.viewer,
                log: log.child({ subscription: id }),
                clientAddress: request.socket.remoteAddress ?? "",
                // Only subscriptions run over the socket: no operation here reads or issues a refresh token.
                refreshTransport: bodyTransport,
                proofKey: undefined,
              }),
          };
          return true;
        } catch (error) {
          closeRefused(socket, error, log);
          return false;
        }
      },
      onSubscribe(ctx, id, payload) {
        // This subscription is already counted.
        if (Object.keys(ctx.subscriptions).length > MAX_SUBSCRIPTIONS_PER_CONNECTION) {
          const message = `At most ${MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions per connection`;
          return [limitExceeded(ErrorCode.SUBSCRIPTION_LIMIT_EXCEEDED, message, MAX_SUBSCRIPTIONS_PER_CONNECTION)];
        }
        const prepared = prepareOperation(payload);
        if (Array.isArray(prepared)) return prepared;
        const refused = parts.limits.checkOperation({ query: payload.query }, ctx.extra.connection!.viewer);
        if (refused) return [refused];
        connections.add(ctx.extra.connection!);
        const name = getOperationAST(prepared.document, payload.operationName)?.name?.value;
        const context = ctx.extra.connection!.subscriptionContext(id);
        ctx.extra.connection!.running.set(id, { name, context, startedAt: performance.now(), codes: [] });
        return { ...prepared, contextValue: context };
      },
      async onPing(ctx, payload) {
        const connection = ctx.extra.connection;
        if (!connection || !isFreshToken(payload)) return;
        const { socket } = ctx.extra;
        try {
          const viewer = await connectionViewer(payload, connection.url, connection.log);
          if (!viewer || !connection.viewer || viewer.issuer !== connection.viewer.issuer || viewer.subject !== connection.viewer.subject) {
            connection.log.info("subscription connection closed: a fresh token named someone else");
            socket.close(CloseCode.FORBIDDEN, "Forbidden");
            return;
          }
          connection.unwatch();
          connection.viewer = viewer;
          for (const running of connection.running.values()) running.context.viewer = viewer;
          connection.unwatch = lifetimes.watch(socket, viewer, connection.log);
          // graphql-ws answers with the ping's payload: it goes back without the credentials, saying what changed.
          for (const key of Object.keys(payload)) delete payload[key];
          Object.assign(payload, { expiresAt: viewer.expiresAt.toISOString() });
        } catch (error) {
          closeRefused(socket, error, connection.log);
        }
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
      onNext(_ctx, _id, _payload, args, result) {
        // Most events carry no error: their result goes out as it is, with nothing copied.
        if (!result.errors) return result;
        const { log } = args.contextValue as Context;
        return { ...result, errors: result.errors.map((error) => toClientError(error, log, parts.isProduction)) };
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
