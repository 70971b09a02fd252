import "graphiql/setup-workers/vite";
import "graphiql/style.css";
import "./playground.css";
import { createGraphiQLFetcher } from "@graphiql/toolkit";
import { GraphiQL } from "graphiql";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { authenticatedFetch } from "./authenticated-fetch.js";
import { SessionStore } from "./session.js";
import { readSettings } from "./settings.js";
import { SignInPanel } from "./SignInPanel.js";
import { subscriptionClient, withSubscriptions } from "./subscriptions.js";

const DEFAULT_QUERY = `# Sign in on the left, then run this.
# \`me\` needs a signed-in viewer: the docs
# (book icon) show what each field requires.
{
  viewer { id roles scopes expiresAt }
  me { email displayName roles }
}
`;

// The page is served at the GraphQL endpoint itself (GET /graphql, Accept: text/html).
const endpoint = window.location.pathname;
const sessions = new SessionStore(endpoint);

const fetcher = withSubscriptions(subscriptionClient(endpoint, sessions), createGraphiQLFetcher({ url: endpoint, fetch: authenticatedFetch(sessions, endpoint) }));

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <div className="graphiql-container tessera-playground">
      <SignInPanel sessions={sessions} settings={readSettings()} />
      <GraphiQL fetcher={fetcher} defaultQuery={DEFAULT_QUERY} />
    </div>
  </StrictMode>,
);
