import { ErrorReason } from "@tessera/client/errors";
import { decodeJwt } from "jose";
import { viewerFromClaims, type Viewer } from "./claims.js";
import type { ExternalVerifier } from "./issuers/external-verifier.js";
import { TokenRejectedError } from "./token-errors.js";
import { COMPACT_JWS, type AccessTokenVerifier } from "./verify-access-token.js";

/** Any access token we accept, ours or a trusted provider's -> the viewer it names. */
export type TokenVerifier = (token: string) => Promise<Viewer>;

const invalid = (detail: string) => new TokenRejectedError(ErrorReason.TOKEN_INVALID, detail);

/**
 * Picks the verifier by the token's `iss`, read before the signature is checked: that verifier then checks `iss`
 * again, with the keys and algorithms of that issuer alone, so naming another issuer only changes which checks a
 * token must pass. An issuer we do not trust is refused without a key being looked up or fetched.
 */
export function createTokenVerifier(own: { issuer: string; verify: AccessTokenVerifier }, others: ReadonlyMap<string, ExternalVerifier>): TokenVerifier {
  return async (token) => {
    if (!COMPACT_JWS.test(token)) throw invalid("not a compact JWS");
    let issuer: unknown;
    try {
      issuer = decodeJwt(token).iss;
    } catch {
      throw invalid("the payload is not a JWT claims set");
    }
    if (issuer === own.issuer) return viewerFromClaims(await own.verify(token));
    const verify = typeof issuer === "string" ? others.get(issuer) : undefined;
    if (!verify) throw invalid("the issuer is not trusted");
    return verify(token);
  };
}
