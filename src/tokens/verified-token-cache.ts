import { createHash } from "node:crypto";
import { decodeProtectedHeader } from "jose";
import { LRUCache } from "lru-cache";
import type { Viewer } from "./claims.js";
import type { TokenVerifier } from "./verify-token.js";

interface Verified {
  viewer: Readonly<Viewer>;
  kid: string;
  /** Epoch ms: before both exp and the issuer's token-age bound, so a hit never outlives a full check. */
  goodUntil: number;
}

export interface VerifiedTokenCacheOptions {
  maxEntries: number;
  /** The verifier's bound on a token's age after `iat` for this issuer (its maxTokenAge, less the tolerance). */
  maxTokenLifetimeSeconds: (issuer: string) => number;
  /** Asked on every hit: a key withdrawn from its issuer's key set takes its tokens with it at once. */
  isKeyTrusted: (issuer: string, kid: string) => boolean;
  /** Told of each request answered from the cache. */
  onHit?: () => void;
}

function deepFreeze<T extends object>(value: T): Readonly<T> {
  for (const member of Object.values(value)) if (typeof member === "object" && member !== null) deepFreeze(member);
  return Object.freeze(value);
}

/**
 * The signature check is most of what a claims-only request costs, and a client sends the same token
 * for its whole lifetime. A token that passed every check is remembered, keyed by its SHA-256 (never
 * the token itself), until its `exp` at the latest. Only full successes are kept, so a byte changed
 * anywhere misses and is verified in full; past its bounds an entry is verified in full again, and the
 * verifier says why it is refused. Revocation is not decided here: the caller checks it on every
 * request, hit or miss. Our tokens and other issuers' go through the same cache.
 */
export function withVerifiedTokenCache(verify: TokenVerifier, options: VerifiedTokenCacheOptions): TokenVerifier {
  if (options.maxEntries === 0) return verify;
  const cache = new LRUCache<string, Verified>({ max: options.maxEntries });

  return async (token) => {
    const key = createHash("sha256").update(token).digest("base64url");
    const hit = cache.get(key);
    // Expiry is strict, as in the verifiers: at goodUntil the entry is no longer good.
    if (hit && Date.now() < hit.goodUntil && options.isKeyTrusted(hit.viewer.issuer, hit.kid)) {
      options.onHit?.();
      return hit.viewer;
    }
    if (hit) cache.delete(key);
    const viewer = await verify(token);
    const lifetimeMs = options.maxTokenLifetimeSeconds(viewer.issuer) * 1000;
    const goodUntil = Math.min(viewer.expiresAt.getTime(), viewer.issuedAt.getTime() + lifetimeMs);
    // The verifier accepted it, so the header decodes and names a kid it found.
    const verified = { viewer: deepFreeze(viewer), kid: decodeProtectedHeader(token).kid!, goodUntil };
    cache.set(key, verified, { ttl: Math.max(1, goodUntil - Date.now()) });
    return verified.viewer;
  };
}
