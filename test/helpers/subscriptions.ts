import { createClient, type Client, type FormattedExecutionResult } from "graphql-ws";
import WebSocket from "ws";
import { seenSecrets } from "./graphql.js";

type Result = FormattedExecutionResult<Record<string, any>, unknown>;

export interface Closed {
  code: number;
  reason: string;
}

export interface ClientOptions {
  /** Sent as `{ authorization: "Bearer <token>" }` in connection_init. */
  token?: string;
  /** connection_init's payload as it is (overrides `token`); a function is asked again at every connection. */
  connectionParams?: Record<string, unknown> | (() => Record<string, unknown>);
  /** Appended to the socket URL, e.g. `access_token=...`. */
  urlQuery?: string;
}

/** A graphql-ws client over a real socket, and what happened to its latest connection. */
export interface TestClient {
  client: Client;
  /** The server acknowledged the first connection_init. */
  connected: Promise<void>;
  /** The first connection closed, with the server's code and reason. */
  closed: Promise<Closed>;
}

/** One subscription's results, buffered: nothing is lost to a timeout. */
export interface Results {
  /** The next result, or undefined when none came within `timeoutMs`. */
  next(timeoutMs?: number): Promise<Result | undefined>;
  /** What the subscription ended with: the errors the server sent, or the close event. */
  errors: Promise<unknown>;
}

export type Subscription = Results & TestClient & { dispose(): Promise<void> };

export const socketUrl = (httpUrl: string) => httpUrl.replace(/^http/, "ws");

/**
 * graphql-ws's own client (what Apollo Client's GraphQLWsLink uses) on `ws`, never retrying, so a
 * refusal shows as the close it is. Tokens are remembered in seenSecrets: the whole suite checks
 * that no server logged one.
 */
export function createTestClient(httpUrl: string, options: ClientOptions = {}): TestClient {
  if (options.token !== undefined) {
    seenSecrets.add(options.token);
    seenSecrets.add(`Bearer ${options.token}`);
  }
  const connectionParams = options.connectionParams ?? (options.token !== undefined ? { authorization: `Bearer ${options.token}` } : undefined);
  let connected!: () => void;
  let closed!: (closed: Closed) => void;
  const events = {
    connected: new Promise<void>((resolve) => (connected = resolve)),
    closed: new Promise<Closed>((resolve) => (closed = resolve)),
  };
  const client = createClient({
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
  return { client, ...events };
}

export function subscribeOn(client: Client, query: string, variables?: Record<string, unknown>): Results {
  const results: Result[] = [];
  const waiting: Array<() => void> = [];
  let failed!: (errors: unknown) => void;
  const errors = new Promise<unknown>((resolve) => (failed = resolve));
  client.subscribe(
    { query, variables },
    {
      next: (result) => {
        results.push(result);
        waiting.splice(0).forEach((resolve) => resolve());
      },
      error: (error) => failed(error),
      complete: () => {},
    },
  );
  return {
    errors,
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
  };
}

/** One subscription on a connection of its own. */
export function subscribe(httpUrl: string, query: string, options: ClientOptions & { variables?: Record<string, unknown> } = {}): Subscription {
  const testClient = createTestClient(httpUrl, options);
  return { ...testClient, ...subscribeOn(testClient.client, query, options.variables), dispose: async () => testClient.client.dispose() };
}

/**
 * Repeats `publish` until the subscription yields, and returns what it yielded. Between the subscribe
 * message and the server listening there is a moment no client can observe; an event published in it
 * is (rightly) not delivered. Every `publish` must produce an equivalent event.
 */
export async function firstEvent(results: Results, publish: () => Promise<unknown>, everyMs = 100, giveUpMs = 10_000): Promise<Result> {
  const deadline = Date.now() + giveUpMs;
  while (Date.now() < deadline) {
    await publish();
    const result = await results.next(everyMs);
    if (result) return result;
  }
  throw new Error("the subscription received nothing");
}
