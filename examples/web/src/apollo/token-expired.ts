import { CombinedGraphQLErrors, ServerError, type ErrorLike } from "@apollo/client";

interface ErrorExtensions {
  code?: unknown;
  reason?: unknown;
}

function isExpiry(extensions: ErrorExtensions | undefined): boolean {
  return extensions?.code === "UNAUTHENTICATED" && extensions.reason === "TOKEN_EXPIRED";
}

/** The errors of a body that a non-GraphQL content type left unparsed (HTTP 401 as application/json). */
function errorsInBody(bodyText: string): Array<{ extensions?: ErrorExtensions }> {
  try {
    const body = JSON.parse(bodyText) as { errors?: unknown };
    return Array.isArray(body.errors) ? body.errors : [];
  } catch {
    return [];
  }
}

/**
 * Whether the API refused the request only because its access token expired, the one refusal a
 * refresh can cure. The API answers it with HTTP 401 and errors[0].extensions
 * { code: "UNAUTHENTICATED", reason: "TOKEN_EXPIRED" }. Apollo Client reports that as
 * CombinedGraphQLErrors when the response is application/graphql-response+json, and as a
 * ServerError carrying the raw body when it is plain application/json.
 */
export function isTokenExpired(error: ErrorLike): boolean {
  if (CombinedGraphQLErrors.is(error)) return error.errors.some((e) => isExpiry(e.extensions));
  if (ServerError.is(error) && error.statusCode === 401) return errorsInBody(error.bodyText).some((e) => isExpiry(e.extensions));
  return false;
}
