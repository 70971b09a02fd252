import { ApolloProvider } from "@apollo/client/react";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.js";
import { createCookieTokenStore, createMemoryTokenStore, createRefresher } from "@tessera/client";
import { createTesseraClient } from "./apollo/client.js";
import { restoreSession } from "./apollo/session.js";
import { API_URL, REFRESH_TRANSPORT, TRUSTED_DOCUMENTS } from "./config.js";

const store = REFRESH_TRANSPORT === "cookie" ? createCookieTokenStore() : createMemoryTokenStore();
// The store is already cleared, so App shows the sign-in form; drop the cached data of the old session.
const onSignedOut = () => void client.clearStore();
const refresh = createRefresher({ url: API_URL, store, onSignedOut, hashOnly: TRUSTED_DOCUMENTS });
const client = createTesseraClient({ url: API_URL, store, refresh, onSignedOut, trustedDocuments: TRUSTED_DOCUMENTS });

// Surviving a reload is what cookie mode is for. Rendering waits for the answer, so a signed-in person
// never sees the sign-in form flash first.
if (store.transport === "cookie") await restoreSession(refresh);

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <ApolloProvider client={client}>
      <App store={store} />
    </ApolloProvider>
  </StrictMode>,
);
