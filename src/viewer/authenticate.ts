import type { Config } from "../config.js";
import { ErrorReason } from "../errors.js";
import type { Logger } from "../logger.js";
import { invalidRequest, type Credentials } from "../tokens/authorization-header.js";
import type { Viewer } from "../tokens/claims.js";
import { DpopProofError } from "../tokens/dpop/dpop-errors.js";
import type { DpopNonces } from "../tokens/dpop/dpop-nonces.js";
import type { DpopProofVerifier } from "../tokens/dpop/verify-dpop-proof.js";
import { dpopProofRejected, useDpopNonce } from "../tokens/dpop/dpop-rejections.js";
import { unauthenticated, type ViewerFromToken } from "./viewer-from-token.js";

/** What a request presents, from whichever transport: HTTP headers, or a WebSocket's connection_init. */
export interface Presented {
  credentials: Credentials | undefined;
  /** The DPoP proof (RFC 9449), if any. */
  proof: string | undefined;
  /** The method and URL the proof must name: the request's, as the client addressed it. */
  method: string;
  url: string;
}

export interface Authenticated {
  viewer: Viewer | null;
  /** The key a valid proof came with: the tokens this request issues (signIn, refreshToken) are bound to it. */
  proofKey: string | undefined;
}

export interface DpopPolicy {
  mode: Config["dpop"]["mode"];
  verifyProof: DpopProofVerifier;
  nonces: DpopNonces | undefined;
}

export type Authenticate = (presented: Presented, log: Logger) => Promise<Authenticated>;

/**
 * Credentials and proof -> who is asking. A bearer token is verified as before. A DPoP-bound token must come as
 * `DPoP <token>` with a proof, made by the token's key, for this request and this token (RFC 9449 §7.1); sent as
 * a bearer token it is refused, so a copy of it is useless without the key. A proof with no token (signIn,
 * refreshToken) names the key the tokens issued in the request are bound to.
 */
export function createAuthenticate(viewerFromToken: ViewerFromToken, dpop: DpopPolicy): Authenticate {
  async function proofKeyOf({ proof, method, url, credentials }: Presented, log: Logger): Promise<string | undefined> {
    if (proof === undefined) return undefined;
    try {
      const accessToken = credentials?.scheme === "DPoP" ? credentials.token : undefined;
      return (await dpop.verifyProof(proof, { method, url, accessToken })).jkt;
    } catch (error) {
      if (!(error instanceof DpopProofError)) throw error;
      log.info({ detail: error.detail }, "DPoP proof rejected");
      throw error.useNonce && dpop.nonces ? useDpopNonce(dpop.nonces.current()) : dpopProofRejected();
    }
  }

  return async (presented, log) => {
    const { credentials } = presented;
    if (dpop.mode === "off") {
      if (credentials?.scheme === "DPoP") throw invalidRequest("DPoP is off on this API: send Authorization: Bearer <access token>");
      return { viewer: credentials ? await viewerFromToken(credentials.token, log) : null, proofKey: undefined };
    }
    if (credentials?.scheme === "DPoP" && presented.proof === undefined) throw dpopProofRejected("A DPoP access token needs a DPoP proof");
    const proofKey = await proofKeyOf(presented, log);
    if (!credentials) return { viewer: null, proofKey };

    const viewer = await viewerFromToken(credentials.token, log, credentials.scheme);
    if (credentials.scheme === "Bearer" && viewer.boundKey) {
      log.info({ reason: ErrorReason.TOKEN_INVALID, detail: "a DPoP-bound token sent as a bearer token" }, "access token rejected");
      throw unauthenticated(ErrorReason.TOKEN_INVALID, "DPoP");
    }
    if (credentials.scheme === "DPoP") {
      if (!viewer.boundKey) {
        log.info({ reason: ErrorReason.TOKEN_INVALID, detail: "a bearer token sent as a DPoP token" }, "access token rejected");
        throw unauthenticated(ErrorReason.TOKEN_INVALID, "DPoP");
      }
      if (viewer.boundKey !== proofKey) throw dpopProofRejected("The DPoP proof is not made with the token's key");
    }
    return { viewer, proofKey };
  };
}
