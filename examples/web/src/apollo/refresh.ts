import { print } from "graphql";
import type { RefreshSessionMutation, RefreshSessionMutationVariables } from "../gql/graphql.js";
import { REFRESH_SESSION } from "../operations/session.js";
import type { TokenStore } from "./token-store.js";

export interface RefresherOptions {
  url: string;
  store: TokenStore;
  /** Called once when the API refuses the refresh token: the session is over, the app shows sign-in. */
  onSignedOut: () => void;
  fetch?: typeof fetch;
}

/** Thrown to every waiter when the API refused the refresh: the tokens are already cleared. */
export class SessionEndedError extends Error {
  override name = "SessionEndedError";
}

/**
 * Returns refresh(): exchanges the refresh token for new tokens, single-flight. However many requests
 * find their access token expired at once, they share one in-flight promise and so one refreshToken
 * call: a second call would present the same single-use refresh token again, which the API treats
 * as theft and answers by revoking the whole family.
 */
export function createRefresher(options: RefresherOptions): () => Promise<void> {
  const { url, store, onSignedOut, fetch: send = fetch } = options;
  let inFlight: Promise<void> | undefined;

  async function exchange(): Promise<void> {
    const refreshToken = store.refreshToken();
    // In cookie mode the argument is omitted and the API reads its httpOnly cookie instead.
    const variables: RefreshSessionMutationVariables = refreshToken ? { refreshToken } : {};
    const response = await send(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json" },
      credentials: store.transport === "cookie" ? "include" : "same-origin",
      body: JSON.stringify({ operationName: "RefreshSession", query: print(REFRESH_SESSION), variables }),
    });
    const body = (await response.json()) as { data?: RefreshSessionMutation | null };
    if (!body.data?.refreshToken) {
      // Refused (reused, revoked, expired, or no refresh token at all): the session cannot continue.
      store.clear();
      onSignedOut();
      throw new SessionEndedError("the session has ended: sign in again");
    }
    store.save(body.data.refreshToken);
  }

  return () => {
    inFlight ??= exchange().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
}
