import { authorizationFor, isDpopBound, type DpopOptions } from "./dpop.js";
import { isExpired } from "./token-expiry.js";
import type { TokenStore } from "./token-store.js";

export interface ConnectionParamsOptions {
  store: TokenStore;
  refresh: () => Promise<void>;
  /** With DPoP: a proof for the upgrade request (`GET` and the endpoint's http(s) URL) goes with a bound token. */
  dpop?: DpopOptions;
}

export type SocketCredentials = {
  authorization?: string;
  dpop?: string;
};

/** What connection_init, and a ping handing the socket a fresh token, carry for `token`. */
export async function socketCredentials(token: string | undefined, dpop: DpopOptions | undefined): Promise<SocketCredentials> {
  if (!token) return {};
  const bound = dpop !== undefined && isDpopBound(token);
  return {
    authorization: authorizationFor(token),
    ...(bound && { dpop: await dpop.signer.proof({ method: "GET", url: dpop.url, accessToken: token }) }),
  };
}

/**
 * graphql-ws's `connectionParams`: the access token goes in connection_init, read at each (re)connect and
 * refreshed first when it has expired, never in the URL. Anonymous when nobody is signed in.
 *
 *   createClient({ url, connectionParams: connectionParams({ store, refresh }) })
 */
export function connectionParams({ store, refresh, dpop }: ConnectionParamsOptions): () => Promise<SocketCredentials> {
  return async () => {
    const current = store.accessToken();
    if (current && isExpired(current, 5)) await refresh().catch(() => undefined);
    return socketCredentials(store.accessToken(), dpop);
  };
}
