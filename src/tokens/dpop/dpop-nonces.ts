import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Server-provided nonces (RFC 9449 §8): a proof must carry one we issued recently, which bounds how long before its
 * use a proof can have been made. Stateless: a nonce is a time window and its HMAC, so every instance that shares
 * the secret accepts every other's, and nothing is stored.
 */
export interface DpopNonces {
  /** The nonce to hand out now (in the DPoP-Nonce response header). */
  current(): string;
  /** Whether the nonce is this window's or the one before. */
  accepts(nonce: unknown): boolean;
}

export function createDpopNonces(secret: Buffer = randomBytes(32), windowSeconds = 300, now = () => Date.now()): DpopNonces {
  const windowOf = () => Math.floor(now() / 1000 / windowSeconds);
  const nonceFor = (window: number) => `${window.toString(36)}.${createHmac("sha256", secret).update(`dpop-nonce:${window}`).digest("base64url")}`;
  return {
    current: () => nonceFor(windowOf()),
    accepts(nonce) {
      if (typeof nonce !== "string" || nonce.length > 64) return false;
      const window = windowOf();
      return [window, window - 1].some((candidate) => {
        const expected = Buffer.from(nonceFor(candidate));
        const given = Buffer.from(nonce);
        return expected.length === given.length && timingSafeEqual(expected, given);
      });
    },
  };
}
