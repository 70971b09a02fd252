import { ErrorReason, hasReason, type GraphQLErrorLike } from "@tessera/client";
import { credentialHeaders, withNonceRetry } from "./dpop.js";
import type { Session, SessionStore } from "./session.js";

/** The API answers an expired access token with 401 and reason TOKEN_EXPIRED; any other refusal is final. */
async function isTokenExpired(response: Response): Promise<boolean> {
  if (response.status !== 401) return false;
  const body = (await response.clone().json().catch(() => ({}))) as { errors?: GraphQLErrorLike[] };
  return hasReason(body.errors, ErrorReason.TOKEN_EXPIRED);
}

/**
 * The fetch GraphiQL sends every request with: it carries the signed-in session's access token (and, for a
 * DPoP-bound session, a proof for the request) and, when that token has expired, refreshes it once and sends the
 * request again.
 */
export function authenticatedFetch(sessions: SessionStore, endpoint: string): typeof fetch {
  const send = (input: RequestInfo | URL, init: RequestInit | undefined, session: Session | null) =>
    withNonceRetry(session?.signer, async () => {
      if (!session) return fetch(input, init);
      const headers = new Headers(init?.headers);
      for (const [name, value] of Object.entries(await credentialHeaders(endpoint, session.accessToken, session.signer))) headers.set(name, value);
      return fetch(input, { ...init, headers });
    });
  return async (input, init) => {
    // An Authorization header typed in GraphiQL's header editor wins over the session's, and is not refreshed.
    const session = new Headers(init?.headers).has("authorization") ? null : sessions.state.session;
    const response = await send(input, init, session);
    if (!session || !(await isTokenExpired(response))) return response;
    const renewed = await sessions.refresh(session);
    return renewed ? send(input, init, renewed) : response;
  };
}
