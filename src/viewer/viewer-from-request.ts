import type { Logger } from "../logger.js";
import { credentialsFrom, headerValues, invalidRequest } from "../tokens/authorization-header.js";
import type { Authenticate, Authenticated } from "./authenticate.js";
import { dpopProofRejected } from "../tokens/dpop/dpop-rejections.js";

export interface AuthRequest {
  rawHeaders: readonly string[];
  /** Parsed JSON body and query string, checked only for a second copy of the token. */
  body?: unknown;
  query?: unknown;
  method: string;
  /** The URL the client addressed, for DPoP's `htu`: PUBLIC_URL's origin behind a proxy. */
  url: string;
}

function carriesAccessTokenParameter(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value) && "access_token" in value;
}

export type ViewerFromRequest = (request: AuthRequest, log: Logger) => Promise<Authenticated>;

/**
 * Authorization and DPoP headers -> Viewer. No Authorization header: anonymous (null). A token that fails any
 * check, or was revoked, fails the whole request with 401. RFC 6750 §2: a token is taken from the header only;
 * `access_token` in the URL or body is ignored, and sending it alongside the header is refused.
 */
export function createViewerFromRequest(authenticate: Authenticate): ViewerFromRequest {
  return async (request, log) => {
    const credentials = credentialsFrom(request.rawHeaders);
    if (credentials && (carriesAccessTokenParameter(request.body) || carriesAccessTokenParameter(request.query))) {
      throw invalidRequest("Send the access token in the Authorization header only");
    }
    // RFC 9449 §4.3 step 1: exactly one DPoP header.
    const proofs = headerValues(request.rawHeaders, "dpop");
    if (proofs.length > 1) throw dpopProofRejected("Send one DPoP header");
    return authenticate({ credentials, proof: proofs[0], method: request.method, url: request.url }, log);
  };
}
