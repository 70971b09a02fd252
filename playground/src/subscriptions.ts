import type { Fetcher } from "@graphiql/toolkit";
import { isExpired, socketCredentials } from "@tessera/client";
import { endpointUrl } from "./dpop.js";
import { getOperationAST, parse } from "graphql";
import { createClient, type Client } from "graphql-ws";
import type { SessionStore } from "./session.js";

/**
 * A graphql-ws client for the API's socket, on the same path as HTTP. The token goes in connection_init,
 * read at each connect (and refreshed first if it has expired), never in the URL.
 */
export function subscriptionClient(endpoint: string, sessions: SessionStore): Client {
  return createClient({
    url: `${window.location.protocol === "https:" ? "wss:" : "ws:"}//${window.location.host}${endpoint}`,
    async connectionParams() {
      let session = sessions.state.session;
      if (session && isExpired(session.accessToken)) session = await sessions.refresh(session);
      // A DPoP-bound token goes with a proof for the upgrade request: GET and the endpoint's http(s) URL.
      return socketCredentials(session?.accessToken, session?.signer && { signer: session.signer, url: endpointUrl(endpoint) });
    },
  });
}

function isSubscription(query: string, operationName: string | undefined): boolean {
  try {
    return getOperationAST(parse(query), operationName)?.operation === "subscription";
  } catch {
    return false; // not a document: the server says why
  }
}

/** GraphiQL's own fetcher sends only *named* subscriptions over the socket; this one asks the operation itself. */
export function withSubscriptions(ws: Client, http: Fetcher): Fetcher {
  return (params, options) =>
    isSubscription(params.query, params.operationName ?? undefined)
      ? // The toolkit types results as graphql-js's ExecutionResult; GraphiQL only prints them, as the JSON they are.
        (ws.iterate({ query: params.query, variables: params.variables, operationName: params.operationName ?? undefined }) as ReturnType<Fetcher>)
      : http(params, options);
}
