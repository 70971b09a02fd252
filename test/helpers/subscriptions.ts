import { createClient, type Client, type FormattedExecutionResult } from "graphql-ws";
import WebSocket from "ws";
import { seenSecrets } from "./graphql.js";

export interface Closed {
  code: number;
  reason: string;
}

export interface SubscriptionOptions {
  /** Sent as `{ authorization: "Bearer <token>" }` in connection_init. */
  token?: string;
  /** connection_init's payload as it is (overrides `token`). */
  connectionParams?: Record<string, unknown>;
  variables?: Record<string, unknown>;
  /** Appended to the socket URL, e.g. `access_token=...`. */
  urlQuery?: string;
}

/** One subscription on its own graphql-ws connection, over a real socket. */
export interface Subscription {
  /** The next result, or undefined when none came within `timeoutMs`. Nothing is lost to a timeout. */
  next(timeoutMs?: number): Promise<FormattedExecutionResult<Record<string, any>, unknown> | undefined>;
  /** Errors the server sent for the operation (an `error` message), once it sent them. */
  errors: Promise<unknown>;
  /** The server acknowledged connection_init. */
  connected: Promise<void>;
  /** The socket closed, with the server's code and reason. */
  closed: Promise<Closed>;
  dispose(): Promise<void>;
}

export const socketUrl = (httpUrl: string) => httpUrl.replace(/^http/, "ws");

/**
 * Subscribes with graphql-ws's own client (what Apollo Client's GraphQLWsLink uses) on `ws`, never
 * retrying, so a refusal shows as the close it is. The token is remembered in seenSecrets: the
 * whole suite checks that no server logged it.
 */
export function subscribe(httpUrl: string, query: string, options: SubscriptionOptions = {}): Subscription {
  if (options.token !== undefined) {
    seenSecrets.add(options.token);
    seenSecrets.add(`Bearer ${options.token}`);
  }
  const connectionParams = options.connectionParams ?? (options.token !== undefined ? { authorization: `Bearer ${options.token}` } : undefined);
  const results: FormattedExecutionResult<Record<string, any>, unknown>[] = [];
  const waiting: Array<() => void> = [];
  const wake = () => waiting.splice(0).forEach((resolve) => resolve());
  let connected!: () => void;
  let closed!: (closed: Closed) => void;
  let failed!: (errors: unknown) => void;
  const subscription = {
    connected: new Promise<void>((resolve) => (connected = resolve)),
    closed: new Promise<Closed>((resolve) => (closed = resolve)),
    errors: new Promise<unknown>((resolve) => (failed = resolve)),
  };
  const client: Client = createClient({
    url: socketUrl(httpUrl) + (options.urlQuery ? `?${options.urlQuery}` : ""),
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    on: {
      connected: () => connected(),
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string | Buffer };
        closed({ code, reason: String(reason) });
      },
    },
  });
  client.subscribe(
    { query, variables: options.variables },
    {
      next: (result) => {
        results.push(result);
        wake();
      },
      error: (error) => failed(error),
      complete: () => {},
    },
  );
  return {
    ...subscription,
    async next(timeoutMs = 5_000) {
      if (results.length === 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, timeoutMs);
          waiting.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return results.shift();
    },
    dispose: () => client.dispose() as Promise<void>,
  };
}

/**
 * Repeats `publish` until the subscription yields, and returns what it yielded. Between the subscribe
 * message and the server listening there is a moment no client can observe; an event published in it
 * is (rightly) not delivered. Every `publish` must produce an equivalent event.
 */
export async function firstEvent(subscription: Subscription, publish: () => Promise<unknown>, everyMs = 100, giveUpMs = 10_000) {
  const deadline = Date.now() + giveUpMs;
  while (Date.now() < deadline) {
    await publish();
    const result = await subscription.next(everyMs);
    if (result) return result;
  }
  throw new Error("the subscription received nothing");
}
