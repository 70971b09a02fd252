import { ErrorReason } from "@tessera/client/errors";
import { errors, jwtVerify, type JWTHeaderParameters, type JWTVerifyGetKey } from "jose";
import { ACCESS_TOKEN_TYPE } from "./access-token.js";
import { accessTokenClaimsSchema, type Claims } from "./claims.js";
import type { KeyRing, SigningAlgorithm } from "./keys.js";
import { TokenRejectedError } from "./token-errors.js";

/**
 * A compact JWS and nothing else: three base64url segments without padding.
 * Anything looser (padding, `+` or `/`, spaces, JSON serialisation, a JWE)
 * is refused before a byte is decoded.
 */
export const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export type AccessTokenVerifier = (token: string) => Promise<Claims>;

export interface VerifierOptions {
  /** Where keys come from: our own key set, or a remote JWKS for another service. */
  getKey: JWTVerifyGetKey;
  algorithm: SigningAlgorithm;
  issuer: string;
  audience: string;
  accessTokenTtlSeconds: number;
  clockToleranceSeconds: number;
}

/** Our own keys, chosen by exact `kid` only: never from `jwk`, `jku`, `x5u` or `x5c` headers. */
export function localKeys(keys: KeyRing): JWTVerifyGetKey {
  return (header) => {
    const key = typeof header.kid === "string" ? keys.current.verification.get(header.kid) : undefined;
    if (!key || key.alg !== header.alg) throw new errors.JWKSNoMatchingKey();
    return key.key;
  };
}

/**
 * RFC 7797: jose honours `b64` only when `crit` lists it and silently ignores it otherwise, where another parser
 * may not. No access token needs it, so it is refused in any form (catalogue 14).
 */
export function refuseUnencodedPayload(header: JWTHeaderParameters): void {
  if (header.b64 !== undefined) throw new TokenRejectedError(ErrorReason.TOKEN_INVALID, "b64 header parameter is not accepted");
}

function rejectionFor(error: unknown): TokenRejectedError {
  if (error instanceof TokenRejectedError) return error;
  if (error instanceof errors.JWTExpired) return new TokenRejectedError(ErrorReason.TOKEN_EXPIRED, error.message);
  if (error instanceof errors.JOSEError) return new TokenRejectedError(ErrorReason.TOKEN_INVALID, `${error.code}: ${error.message}`);
  // Anything else is a bug or an unexpected library failure: let it surface as an internal error.
  throw error;
}

/**
 * Built once at start. RFC 8725 §3: the algorithm is pinned, the key comes
 * from `getKey` only, and issuer, audience, type and lifetime are all
 * checked. After the signature, the claims are schema-checked.
 */
export function createAccessTokenVerifier({ getKey, algorithm, ...jwt }: VerifierOptions): AccessTokenVerifier {
  const options = {
    algorithms: [algorithm],
    issuer: jwt.issuer,
    audience: jwt.audience,
    typ: ACCESS_TOKEN_TYPE,
    requiredClaims: ["iss", "sub", "aud", "exp", "iat", "jti"],
    clockTolerance: jwt.clockToleranceSeconds,
    maxTokenAge: jwt.accessTokenTtlSeconds + jwt.clockToleranceSeconds,
  };

  return async (token) => {
    if (!COMPACT_JWS.test(token)) throw new TokenRejectedError(ErrorReason.TOKEN_INVALID, "not a compact JWS");
    try {
      const { payload, protectedHeader } = await jwtVerify(token, getKey, options);
      refuseUnencodedPayload(protectedHeader);
      // The tolerance absorbs skew on `iat` and `nbf`; expiry itself is strict (catalogue 8: exp == now is expired).
      if (typeof payload.exp === "number" && payload.exp <= Date.now() / 1000) {
        throw new TokenRejectedError(ErrorReason.TOKEN_EXPIRED, "exp is not in the future");
      }
      const parsed = accessTokenClaimsSchema.safeParse(payload);
      if (!parsed.success) throw new TokenRejectedError(ErrorReason.TOKEN_INVALID, "claims fail the schema");
      return parsed.data as Claims;
    } catch (error) {
      throw rejectionFor(error);
    }
  };
}
