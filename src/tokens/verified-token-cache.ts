import { createHash } from "node:crypto";
import { decodeProtectedHeader } from "jose";
import { LRUCache } from "lru-cache";
import type { Claims } from "./claims.js";
import type { AccessTokenVerifier } from "./verify-access-token.js";

interface Verified {
  claims: Readonly<Claims>;
  kid: string;
  /** Epoch ms: before both exp and the verifier's token-age bound, so a hit never outlives a full check. */
  goodUntil: number;
}

export interface VerifiedTokenCacheOptions {
  maxEntries: number;
  /** The verifier's bound on a token's age after `iat` (its maxTokenAge, less the tolerance). */
  maxTokenLifetimeSeconds: number;
  /** Asked on every hit: a key withdrawn from the key set takes its tokens with it at once. */
  isKeyTrusted: (kid: string) => boolean;
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
 * request, hit or miss.
 */
export function withVerifiedTokenCache(verify: AccessTokenVerifier, options: VerifiedTokenCacheOptions): AccessTokenVerifier {
  if (options.maxEntries === 0) return verify;
  const cache = new LRUCache<string, Verified>({ max: options.maxEntries });

  return async (token) => {
    const key = createHash("sha256").update(token).digest("base64url");
    const hit = cache.get(key);
    // Expiry is strict, as in the verifier: at goodUntil the entry is no longer good.
    if (hit && Date.now() < hit.goodUntil && options.isKeyTrusted(hit.kid)) {
      options.onHit?.();
      return hit.claims;
    }
    if (hit) cache.delete(key);
    const claims = await verify(token);
    const goodUntil = Math.min(claims.exp, claims.iat + options.maxTokenLifetimeSeconds) * 1000;
    // The verifier accepted it, so the header decodes and names a kid it found.
    const verified = { claims: deepFreeze(claims), kid: decodeProtectedHeader(token).kid!, goodUntil };
    cache.set(key, verified, { ttl: Math.max(1, goodUntil - Date.now()) });
    return verified.claims;
  };
}
