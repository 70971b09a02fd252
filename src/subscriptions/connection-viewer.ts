import { bearerToken, invalidRequest } from "../tokens/authorization-header.js";
import type { Viewer } from "../tokens/claims.js";
import type { ViewerFromToken } from "../viewer/viewer-from-token.js";
import type { Logger } from "../logger.js";

/** What a client sends in graphql-ws's connection_init: Apollo's GraphQLWsLink sends `connectionParams` here. */
export type ConnectionParams = {
  /** `Bearer <access token>`, exactly as the HTTP Authorization header. Absent: anonymous. */
  authorization?: unknown;
};

export type ConnectionViewer = (params: ConnectionParams | undefined, log: Logger) => Promise<Viewer | null>;

/**
 * connection_init -> Viewer, once per connection, with the same verification
 * and revocation check as HTTP. The token travels in the message, never in
 * the URL: a URL ends up in proxy and access logs, and `?access_token=` on
 * the upgrade request is ignored like anywhere else.
 */
export function createConnectionViewer(viewerFromToken: ViewerFromToken): ConnectionViewer {
  return async (params, log) => {
    const authorization = params?.authorization;
    if (authorization === undefined) return null;
    if (typeof authorization !== "string") throw invalidRequest("authorization must be a string: Bearer <access token>");
    return viewerFromToken(bearerToken(authorization), log);
  };
}
