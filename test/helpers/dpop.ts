import { createHash, randomUUID } from "node:crypto";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from "jose";

/** A client's DPoP key, and the proofs it makes (RFC 9449 §4.2), with every field overridable for hostile cases. */
export interface DpopKey {
  publicJwk: JWK;
  /** RFC 7638 thumbprint: what `cnf.jkt` of a token bound to this key holds. */
  thumbprint: string;
  proof(claims: ProofClaims, header?: Record<string, unknown>): Promise<string>;
}

export interface ProofClaims {
  htm: string;
  htu: string;
  accessToken?: string;
  nonce?: string;
  [claim: string]: unknown;
}

export async function dpopKey(alg: "ES256" | "EdDSA" = "ES256"): Promise<DpopKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  const publicJwk = await exportJWK(publicKey);
  return {
    publicJwk,
    thumbprint: await calculateJwkThumbprint(publicJwk, "sha256"),
    proof: ({ accessToken, ...claims }, header = {}) =>
      new SignJWT({
        jti: randomUUID(),
        iat: Math.floor(Date.now() / 1000),
        ...(accessToken !== undefined && { ath: createHash("sha256").update(accessToken).digest("base64url") }),
        ...claims,
      })
        .setProtectedHeader({ alg, typ: "dpop+jwt", jwk: publicJwk, ...header })
        .sign(privateKey as CryptoKey),
  };
}
