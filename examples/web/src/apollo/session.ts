import type { ApolloClient } from "@apollo/client";
import { SIGN_IN, SIGN_OUT } from "../operations/session.js";
import type { TokenStore } from "@tessera/client";

/** Signs in and keeps the tokens in the store; throws the API's error (e.g. INVALID_CREDENTIALS). */
export async function signIn(client: ApolloClient, store: TokenStore, email: string, password: string): Promise<void> {
  const { data } = await client.mutate({ mutation: SIGN_IN, variables: { email, password } });
  // A refused sign-in is an error (e.g. INVALID_CREDENTIALS), which Apollo Client throws; null never comes alone.
  if (!data?.signIn) throw new Error("signIn returned no data");
  store.save(data.signIn);
}

/** Ends the session at the API (its refresh token family is revoked), then forgets it here. */
export async function signOut(client: ApolloClient, store: TokenStore): Promise<void> {
  const refreshToken = store.refreshToken();
  try {
    if (refreshToken || store.transport === "cookie") {
      // Cookie mode omits the argument: the API reads, revokes and clears its cookie.
      await client.mutate({ mutation: SIGN_OUT, variables: refreshToken ? { refreshToken } : {} });
    }
  } finally {
    store.clear();
    await client.clearStore();
  }
}

/**
 * Cookie mode, at startup: one silent refresh, which succeeds when the browser still holds the httpOnly
 * refresh cookie (a reload, a new tab). The page cannot read that cookie to know beforehand, so a refusal
 * is the ordinary answer for someone signed out, not an error: the store stays empty and App shows sign-in.
 */
export async function restoreSession(refresh: () => Promise<void>): Promise<void> {
  await refresh().catch(() => undefined);
}
