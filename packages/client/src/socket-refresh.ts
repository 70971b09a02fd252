import { socketCredentials } from "./connection-params.js";
import type { DpopOptions } from "./dpop.js";
import { expiresAt } from "./token-expiry.js";
import type { TokenStore } from "./token-store.js";

export interface SocketRefreshOptions {
  store: TokenStore;
  refresh: () => Promise<void>;
  dpop?: DpopOptions;
  /** How long before the access token's `exp` it is refreshed. */
  leadSeconds?: number;
}

/** What graphql-ws's client hands its `opened` listener: a socket that can send text. */
interface OpenSocket {
  send(data: string): void;
  readonly readyState: number;
}

const OPEN = 1;

/**
 * Listeners for graphql-ws's client (`on: keepSocketTokenFresh(...)`: `connected` and `closed`) that hand an open connection each new access
 * token, in a `ping` whose payload carries it as connection_init does, so subscriptions never close for an
 * expired token. The token is refreshed `leadSeconds` before its `exp`; any refresh the app makes (a 401 over
 * HTTP) reaches the socket too.
 */
export function keepSocketTokenFresh({ store, refresh, dpop, leadSeconds = 30 }: SocketRefreshOptions) {
  let socket: OpenSocket | undefined;
  let sent: string | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let unsubscribe: (() => void) | undefined;

  const hand = async () => {
    const token = store.accessToken();
    if (!socket || socket.readyState !== OPEN || !token || token === sent) return;
    sent = token;
    socket.send(JSON.stringify({ type: "ping", payload: await socketCredentials(token, dpop) }));
  };
  const schedule = () => {
    clearTimeout(timer);
    const exp = expiresAt(store.accessToken() ?? "");
    if (exp === undefined) return;
    timer = setTimeout(() => void refresh().catch(() => undefined), Math.max(0, exp * 1000 - leadSeconds * 1000 - Date.now()));
  };

  return {
    connected(connected: unknown) {
      socket = connected as OpenSocket;
      // connection_init carried the current token.
      sent = store.accessToken();
      unsubscribe?.();
      unsubscribe = store.subscribe(() => {
        schedule();
        void hand();
      });
      schedule();
    },
    closed() {
      socket = undefined;
      clearTimeout(timer);
      unsubscribe?.();
      unsubscribe = undefined;
    },
  };
}
