import { ApolloLink } from "@apollo/client";
import { ErrorLink } from "@apollo/client/link/error";
import { SetContextLink } from "@apollo/client/link/context";
import { from, switchMap } from "rxjs";
import { isTokenExpired } from "./token-expired.js";
import type { TokenStore } from "./token-store.js";

export interface AuthLinkOptions {
  store: TokenStore;
  /** Single-flight: see refresh.ts. */
  refresh: () => Promise<void>;
}

/**
 * Adds `Authorization: Bearer <access token>` to every operation and, when the API answers that the
 * token expired, refreshes once and sends the operation again with the new token. Put it before the
 * HttpLink. A retry is never retried: ErrorLink hands the second answer straight to the caller.
 */
export function createAuthLink({ store, refresh }: AuthLinkOptions): ApolloLink {
  const bearer = new SetContextLink(({ headers }) => {
    const token = store.accessToken();
    return { headers: token ? { ...headers, authorization: `Bearer ${token}` } : headers, sentAccessToken: token };
  });
  const refreshOnExpiry = new ErrorLink(({ error, operation, forward }) => {
    if (!isTokenExpired(error)) return;
    // A straggler whose answer came after another request's refresh finished only needs the new token.
    const current = store.accessToken();
    const renewed = current !== undefined && current !== operation.getContext().sentAccessToken ? Promise.resolve() : refresh();
    // forward() passes through `bearer` again, which reads the token the refresh just stored.
    return from(renewed).pipe(switchMap(() => forward(operation)));
  });
  return ApolloLink.from([refreshOnExpiry, bearer]);
}
