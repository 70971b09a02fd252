import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from "@apollo/client";
import { relayStylePagination } from "@apollo/client/utilities";
import { createAuthLink } from "./auth-link.js";
import type { TokenStore } from "./token-store.js";

export interface TesseraClientOptions {
  /** The API's GraphQL endpoint: "/graphql" on the API's origin, its full URL from another (listed in CORS_ORIGINS). */
  url: string;
  store: TokenStore;
  /** The single-flight refresh from createRefresher (refresh.ts), which the caller also uses to restore a session. */
  refresh: () => Promise<void>;
  /** The fetch every request goes through; the browser's by default. */
  fetch?: typeof fetch;
}

/** An Apollo Client that authenticates every request and refreshes expired tokens silently. */
export function createTesseraClient({ url, store, refresh, fetch }: TesseraClientOptions): ApolloClient {
  const http = new HttpLink({
    uri: url,
    fetch,
    // Cookie mode sends the httpOnly refresh cookie cross-origin; body mode never needs credentials.
    credentials: store.transport === "cookie" ? "include" : "same-origin",
  });
  return new ApolloClient({
    link: ApolloLink.from([createAuthLink({ store, refresh }), http]),
    // "Load more" appends a page to Query.posts; each status and author keeps its own list.
    cache: new InMemoryCache({ typePolicies: { Query: { fields: { posts: relayStylePagination(["status", "authorId"]) } } } }),
  });
}
