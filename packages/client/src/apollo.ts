import { ApolloLink, CombinedGraphQLErrors, ServerError, type ErrorLike } from "@apollo/client";
import { SetContextLink } from "@apollo/client/link/context";
import { ErrorLink } from "@apollo/client/link/error";
import { from, switchMap, tap } from "rxjs";
import { requestCredentials, type DpopOptions } from "./dpop.js";
import { ErrorCode, ErrorReason, hasReason, type GraphQLErrorLike } from "./errors.js";
import type { TokenStore } from "./token-store.js";

/** The errors of a body that a non-GraphQL content type left unparsed (HTTP 401 as application/json). */
function errorsInBody(bodyText: string): GraphQLErrorLike[] {
  try {
    const body = JSON.parse(bodyText) as { errors?: unknown };
    return Array.isArray(body.errors) ? body.errors : [];
  } catch {
    return [];
  }
}

/**
 * The API's errors inside what Apollo Client reports: CombinedGraphQLErrors for an
 * application/graphql-response+json answer, a ServerError carrying the raw body for a 401 sent as
 * plain application/json.
 */
export function tesseraErrorsOf(error: ErrorLike): readonly GraphQLErrorLike[] {
  if (CombinedGraphQLErrors.is(error)) return error.errors;
  if (ServerError.is(error) && error.statusCode === 401) return errorsInBody(error.bodyText);
  return [];
}

/** Whether the API refused only because the access token expired: the one refusal a refresh cures. */
export function isTokenExpired(error: ErrorLike): boolean {
  return tesseraErrorsOf(error).some((e) => e.extensions?.code === ErrorCode.UNAUTHENTICATED && e.extensions.reason === ErrorReason.TOKEN_EXPIRED);
}

export interface AuthLinkOptions {
  store: TokenStore;
  /** The single-flight refresh from createRefresher. */
  refresh: () => Promise<void>;
  /** Called when the API says the session cannot continue (TOKEN_REVOKED); the refresher reports REFRESH_TOKEN_INVALID. */
  onSignedOut?: (reason: ErrorReason) => void;
  /**
   * DPoP: every operation carries a proof of the client's key (POST to `url`), so signIn and signUp get tokens
   * bound to it, and bound tokens go as `Authorization: DPoP`. Operations must be sent with POST.
   */
  dpop?: DpopOptions;
}

/**
 * Adds `Authorization: Bearer <access token>` (or `DPoP <access token>` and its proof) to every operation. When the API answers that the token expired,
 * it refreshes once (single-flight, shared with every other request) and sends the operation again with the new
 * token. When the API answers TOKEN_REVOKED, it clears the store and calls onSignedOut. Put it before the
 * HttpLink. A retry is never retried: ErrorLink hands the second answer straight to the caller.
 */
export function createAuthLink({ store, refresh, onSignedOut, dpop }: AuthLinkOptions): ApolloLink {
  const credentials = new SetContextLink(async ({ headers }) => {
    const token = store.accessToken();
    return { headers: { ...headers, ...(await requestCredentials(token, dpop)) }, sentAccessToken: token };
  });
  const onRefusal = new ErrorLink(({ error, operation, forward }) => {
    // The server wants its nonce in proofs, and its answer carried one (kept by `nonces`): once more, with it.
    if (dpop && hasReason(tesseraErrorsOf(error), ErrorReason.USE_DPOP_NONCE) && !operation.getContext().nonceRetried) {
      operation.setContext({ nonceRetried: true });
      return forward(operation);
    }
    if (hasReason(tesseraErrorsOf(error), ErrorReason.TOKEN_REVOKED)) {
      store.clear();
      onSignedOut?.(ErrorReason.TOKEN_REVOKED);
      return;
    }
    if (!isTokenExpired(error)) return;
    // A straggler whose answer came after another request's refresh finished only needs the new token.
    const current = store.accessToken();
    const renewed = current !== undefined && current !== operation.getContext().sentAccessToken ? Promise.resolve() : refresh();
    // forward() passes through `credentials` again, which reads the token the refresh just stored.
    return from(renewed).pipe(switchMap(() => forward(operation)));
  });
  if (!dpop) return ApolloLink.from([onRefusal, credentials]);
  // Every answer may carry the server's next nonce (RFC 9449 §8.2), refusals included.
  const nonces = new ApolloLink((operation, forward) => {
    const keep = () => dpop.signer.useNonce(operation.getContext().response?.headers?.get("dpop-nonce"));
    return forward(operation).pipe(tap({ next: keep, error: keep }));
  });
  return ApolloLink.from([onRefusal, credentials, nonces]);
}
