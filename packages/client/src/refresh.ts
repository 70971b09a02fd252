import type { DpopSigner } from "./dpop.js";
import { ErrorReason, hasReason, type GraphQLErrorLike } from "./errors.js";
import { singleFlight } from "./single-flight.js";
import type { SessionTokens, TokenStore } from "./token-store.js";

/** The exchange, written out so the package needs no generated code: the fields any store keeps. */
export const REFRESH_SESSION = "mutation RefreshSession($refreshToken: String) { refreshToken(refreshToken: $refreshToken) { accessToken refreshToken } }";

/** Its sha256 (hex): what is sent instead of the text to an API that runs trusted documents only. Tessera trusts it always. */
export const REFRESH_SESSION_HASH = "e53703465650873fbcf25c7086face60a573011a957fa5e65b5f81af863134b0";

export interface RefresherOptions {
  /** The API's GraphQL endpoint. */
  url: string;
  store: TokenStore;
  /** Called once when the API refuses the refresh: the session is over, the app shows sign-in. */
  onSignedOut?: (reason: ErrorReason) => void;
  /** Send the operation by its hash alone, as to an API with TRUSTED_DOCUMENTS_FILE; by default, its text. */
  hashOnly?: boolean;
  fetch?: typeof fetch;
  /** With DPoP: each refresh carries a proof of the key, which a bound refresh token requires. */
  dpop?: DpopSigner;
}

/** Thrown to every waiter when the API refused the refresh: the tokens are already cleared. */
export class SessionEndedError extends Error {
  override name = "SessionEndedError";
  constructor(readonly reason: ErrorReason) {
    super("the session has ended: sign in again");
  }
}

/**
 * Returns refresh(): exchanges the refresh token for new tokens and saves them in the store, single-flight
 * (see singleFlight). When the API refuses (reused, revoked, expired, or no refresh token at all), the store
 * is cleared, `onSignedOut` is called, and every waiter gets a SessionEndedError. A network failure rejects
 * as it is and keeps the session: the next request tries again.
 */
export function createRefresher({ url, store, onSignedOut, hashOnly = false, fetch: send = globalThis.fetch, dpop }: RefresherOptions): () => Promise<void> {
  const operation = hashOnly
    ? { extensions: { persistedQuery: { version: 1, sha256Hash: REFRESH_SESSION_HASH } } }
    : { query: REFRESH_SESSION };
  const exchange = async () => {
    const refreshToken = store.refreshToken();
    const headers: Record<string, string> = { "content-type": "application/json", accept: "application/graphql-response+json, application/json" };
    if (dpop) headers.dpop = await dpop.proof({ method: "POST", url });
    // In cookie mode the argument is omitted and the API reads its httpOnly cookie instead.
    const response = await send(url, {
      method: "POST",
      headers,
      credentials: store.transport === "cookie" ? "include" : "same-origin",
      body: JSON.stringify({ operationName: "RefreshSession", ...operation, variables: refreshToken ? { refreshToken } : {} }),
    });
    dpop?.useNonce(response.headers.get("dpop-nonce"));
    return (await response.json()) as { data?: { refreshToken?: SessionTokens | null } | null; errors?: GraphQLErrorLike[] };
  };
  return singleFlight(async () => {
    let body = await exchange();
    // The server asked for its nonce, which the answer carried: once more, with it.
    if (dpop && hasReason(body.errors, ErrorReason.USE_DPOP_NONCE)) body = await exchange();
    const tokens = body.data?.refreshToken;
    if (!tokens) {
      store.clear();
      onSignedOut?.(ErrorReason.REFRESH_TOKEN_INVALID);
      throw new SessionEndedError(ErrorReason.REFRESH_TOKEN_INVALID);
    }
    store.save(tokens);
  });
}
