import { credentials, invalidRequest } from "../tokens/authorization-header.js";
import type { Viewer } from "../tokens/claims.js";
import type { Authenticate } from "../viewer/authenticate.js";
import type { Logger } from "../logger.js";

/** What a client sends in graphql-ws's connection_init: Apollo's GraphQLWsLink sends `connectionParams` here. */
export type ConnectionParams = {
  /** `Bearer <access token>` or `DPoP <access token>`, exactly as the HTTP Authorization header. Absent: anonymous. */
  authorization?: unknown;
  /** With a DPoP token: a proof for `GET` and the endpoint's http(s) URL, as for the upgrade request. */
  dpop?: unknown;
};

export type ConnectionViewer = (params: ConnectionParams | undefined, url: string, log: Logger) => Promise<Viewer | null>;

/**
 * connection_init -> Viewer, once per connection, with the same verification
 * and revocation check as HTTP. The token travels in the message, never in
 * the URL: a URL ends up in proxy and access logs, and `?access_token=` on
 * the upgrade request is ignored like anywhere else. RFC 9449 does not cover
 * WebSockets: a DPoP proof here names the upgrade request (`GET` and the
 * endpoint's http(s) URL), and is checked as one sent with it would be.
 */
export function createConnectionViewer(authenticate: Authenticate): ConnectionViewer {
  return async (params, url, log) => {
    const { authorization, dpop } = params ?? {};
    if (authorization === undefined) return null;
    if (typeof authorization !== "string") throw invalidRequest("authorization must be a string: Bearer <access token>");
    if (dpop !== undefined && typeof dpop !== "string") throw invalidRequest("dpop must be a string: a DPoP proof");
    return (await authenticate({ credentials: credentials(authorization), proof: dpop, method: "GET", url }, log)).viewer;
  };
}
