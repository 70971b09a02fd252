import { useSyncExternalStore } from "react";
import type { TokenStore } from "@tessera/client";
import { Home } from "./components/Home.js";
import { SignInForm } from "./components/SignInForm.js";

/** Signed out (or the session ended): the sign-in form. Signed in: the posts. */
export function App({ store }: { store: TokenStore }) {
  const signedIn = useSyncExternalStore(store.subscribe, () => store.accessToken() !== undefined);
  return signedIn ? <Home store={store} /> : <SignInForm store={store} />;
}
