import { isExpired } from "./token-expiry.js";
import type { TokenStore } from "./token-store.js";

export interface ConnectionParamsOptions {
  store: TokenStore;
  refresh: () => Promise<void>;
}

/**
 * graphql-ws's `connectionParams`: the access token goes in connection_init, read at each (re)connect and
 * refreshed first when it has expired, never in the URL. Anonymous when nobody is signed in.
 *
 *   createClient({ url, connectionParams: connectionParams({ store, refresh }) })
 */
export function connectionParams({ store, refresh }: ConnectionParamsOptions): () => Promise<{ authorization?: string }> {
  return async () => {
    const current = store.accessToken();
    if (current && isExpired(current, 5)) await refresh().catch(() => undefined);
    const token = store.accessToken();
    return token ? { authorization: `Bearer ${token}` } : {};
  };
}
