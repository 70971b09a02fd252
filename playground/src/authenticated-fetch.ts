import { ErrorReason, hasReason, type GraphQLErrorLike } from "@tessera/client";
import type { Session, SessionStore } from "./session.js";

/** The API answers an expired access token with 401 and reason TOKEN_EXPIRED; any other refusal is final. */
async function isTokenExpired(response: Response): Promise<boolean> {
  if (response.status !== 401) return false;
  const body = (await response.clone().json().catch(() => ({}))) as { errors?: GraphQLErrorLike[] };
  return hasReason(body.errors, ErrorReason.TOKEN_EXPIRED);
}

function withAuthorization(init: RequestInit | undefined, session: Session | null): RequestInit | undefined {
  if (!session) return init;
  const headers = new Headers(init?.headers);
  headers.set("authorization", `Bearer ${session.accessToken}`);
  return { ...init, headers };
}

/**
 * The fetch GraphiQL sends every request with: it carries the signed-in session's access token and, when
 * that token has expired, refreshes it once and sends the request again.
 */
export function authenticatedFetch(sessions: SessionStore): typeof fetch {
  return async (input, init) => {
    // An Authorization header typed in GraphiQL's header editor wins over the session's, and is not refreshed.
    const session = new Headers(init?.headers).has("authorization") ? null : sessions.state.session;
    const response = await fetch(input, withAuthorization(init, session));
    if (!session || !(await isTokenExpired(response))) return response;
    const renewed = await sessions.refresh(session);
    return renewed ? fetch(input, withAuthorization(init, renewed)) : response;
  };
}
