import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from "@apollo/client";
import { createMemoryTokenStore, createRefresher, type ErrorReason } from "@tessera/client";
import { createAuthLink } from "@tessera/client/apollo";

/**
 * An Apollo Client for Tessera: every operation carries the access token, an expired token is refreshed once
 * (however many operations found it expired) and the operation sent again, and `onSignedOut` is called when the
 * session cannot continue (REFRESH_TOKEN_INVALID, TOKEN_REVOKED). Sign in with any mutation returning an
 * AuthPayload, then `store.save(payload)`.
 */
export function createTesseraApollo(url: string, onSignedOut: (reason: ErrorReason) => void) {
  const store = createMemoryTokenStore();
  const refresh = createRefresher({ url, store, onSignedOut });
  const client = new ApolloClient({
    link: ApolloLink.from([createAuthLink({ store, refresh, onSignedOut }), new HttpLink({ uri: url })]),
    cache: new InMemoryCache(),
  });
  return { client, store, refresh };
}
