import { ApolloProvider } from "@apollo/client/react";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.js";
import { browserDpopKey, createCookieTokenStore, createDpopSigner, createMemoryTokenStore, createRefresher } from "@tessera/client";
import { createTesseraClient } from "./apollo/client.js";
import { restoreSession } from "./apollo/session.js";
import { API_URL, DPOP, REFRESH_TRANSPORT, TRUSTED_DOCUMENTS } from "./config.js";

const store = REFRESH_TRANSPORT === "cookie" ? createCookieTokenStore() : createMemoryTokenStore();
// The store is already cleared, so App shows the sign-in form; drop the cached data of the old session.
const onSignedOut = () => void client.clearStore();
// The key is made once, non-extractable, and kept in IndexedDB: a reload (cookie mode) still proves the same key.
const dpop = DPOP ? { signer: await createDpopSigner(await browserDpopKey("tessera-example")), url: new URL(API_URL, window.location.href).href } : undefined;
const refresh = createRefresher({ url: API_URL, store, onSignedOut, hashOnly: TRUSTED_DOCUMENTS, dpop: dpop?.signer });
const client = createTesseraClient({ url: API_URL, store, refresh, onSignedOut, trustedDocuments: TRUSTED_DOCUMENTS, dpop });

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
