import { ApolloProvider } from "@apollo/client/react";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.js";
import { createTesseraClient } from "./apollo/client.js";
import { createRefresher } from "./apollo/refresh.js";
import { restoreSession } from "./apollo/session.js";
import { createMemoryTokenStore } from "./apollo/token-store.js";
import { API_URL, REFRESH_TRANSPORT } from "./config.js";

const store = createMemoryTokenStore(REFRESH_TRANSPORT);
const refresh = createRefresher({
  url: API_URL,
  store,
  // The store is already cleared, so App shows the sign-in form; drop the cached data of the old session.
  onSignedOut: () => void client.clearStore(),
});
const client = createTesseraClient({ url: API_URL, store, refresh });

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
