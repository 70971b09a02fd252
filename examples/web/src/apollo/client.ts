import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from "@apollo/client";
import { PersistedQueryLink } from "@apollo/client/link/persisted-queries";
import { relayStylePagination } from "@apollo/client/utilities";
import type { DpopOptions, ErrorReason, TokenStore } from "@tessera/client";
import { createAuthLink } from "@tessera/client/apollo";

export interface TesseraClientOptions {
  /** The API's GraphQL endpoint: "/graphql" on the API's origin, its full URL from another (listed in CORS_ORIGINS). */
  url: string;
  store: TokenStore;
  /** The single-flight refresh from @tessera/client's createRefresher, which the app also uses to restore a session. */
  refresh: () => Promise<void>;
  /** Called when the API ends the session (TOKEN_REVOKED); the store is already cleared. */
  onSignedOut?: (reason: ErrorReason) => void;
  /** The API runs trusted documents only (TRUSTED_DOCUMENTS_FILE): operations go by their manifest hash alone. */
  trustedDocuments?: boolean;
  /** The fetch every request goes through; the browser's by default. */
  fetch?: typeof fetch;
  /** Bind tokens to the client's key (DPoP): each request carries a proof made with it. */
  dpop?: DpopOptions;
}

/**
 * Sends each operation as the hash `npm run codegen` gave it in persisted-documents.json, never its text: an
 * API with that manifest knows the text, and refuses any other.
 */
const byManifestHash = () =>
  new PersistedQueryLink({
    generateHash: (document) => (document as { __meta__?: { hash?: string } }).__meta__!.hash!.replace(/^sha256:/, ""),
    retry: () => false,
  });

/** An Apollo Client that authenticates every request and refreshes expired tokens silently. */
export function createTesseraClient({ url, store, refresh, onSignedOut, trustedDocuments = false, fetch, dpop }: TesseraClientOptions): ApolloClient {
  const http = new HttpLink({
    uri: url,
    fetch,
    // Cookie mode sends the httpOnly refresh cookie cross-origin; body mode never needs credentials.
    credentials: store.transport === "cookie" ? "include" : "same-origin",
  });
  return new ApolloClient({
    link: ApolloLink.from([createAuthLink({ store, refresh, onSignedOut, dpop }), ...(trustedDocuments ? [byManifestHash()] : []), http]),
    // "Load more" appends a page to Query.posts; each status and author keeps its own list.
    cache: new InMemoryCache({ typePolicies: { Query: { fields: { posts: relayStylePagination(["status", "authorId"]) } } } }),
  });
}
