/** Why a DPoP proof was refused: for logs only. A client learns DPOP_PROOF_INVALID, or that it needs a nonce. */
export class DpopProofError extends Error {
  override name = "DpopProofError";
  constructor(
    readonly detail: string,
    /** The proof was fine but for its nonce: the client retries with the one in the DPoP-Nonce header. */
    readonly useNonce = false,
  ) {
    super(`DPoP proof rejected: ${detail}`);
  }
}
