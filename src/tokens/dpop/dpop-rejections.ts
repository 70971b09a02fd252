import { ErrorCode, ErrorReason, TesseraError } from "../../errors.js";
import { DPOP_ALGORITHMS } from "./verify-dpop-proof.js";

/** RFC 9449 §7.1: a refused proof, with the algorithms a client may make a new one with. */
export function dpopProofRejected(message = "The DPoP proof is invalid"): TesseraError {
  return new TesseraError(
    ErrorCode.UNAUTHENTICATED,
    message,
    { reason: ErrorReason.DPOP_PROOF_INVALID },
    { status: 401, headers: new Map([["www-authenticate", `DPoP error="invalid_dpop_proof", algs="${DPOP_ALGORITHMS.join(" ")}"`]]) },
  );
}

/** RFC 9449 §9: the proof needs our nonce, which this answer carries. */
export function useDpopNonce(nonce: string): TesseraError {
  return new TesseraError(
    ErrorCode.UNAUTHENTICATED,
    "The DPoP proof must carry the server's nonce: retry with the one in the DPoP-Nonce header",
    { reason: ErrorReason.USE_DPOP_NONCE },
    {
      status: 401,
      headers: new Map([
        ["www-authenticate", `DPoP error="use_dpop_nonce", algs="${DPOP_ALGORITHMS.join(" ")}"`],
        ["dpop-nonce", nonce],
      ]),
    },
  );
}
