import { LRUCache } from "lru-cache";

/**
 * Where the `jti`s of accepted DPoP proofs are remembered for as long as a proof is acceptable, so that one proof
 * is used once (RFC 9449 §11.1). `claim` is atomic: of two requests carrying the same proof, one gets true.
 */
export interface ReplayStore {
  claim(key: string, ttlMs: number): Promise<boolean>;
}

/**
 * This instance's memory. Bounded: past `maxEntries` the oldest entries go first, which at our proof window means
 * more than that many DPoP requests a minute on one instance; REDIS_URL shares one store across instances anyway.
 */
export function memoryReplayStore(maxEntries = 500_000): ReplayStore {
  // Made at the first proof: an LRUCache allocates all its slots up front, which every instance without DPoP
  // (and every Redis-backed one, whose fallback this is) would pay at start for nothing.
  let seen: LRUCache<string, true> | undefined;
  return {
    async claim(key, ttlMs) {
      seen ??= new LRUCache<string, true>({ max: maxEntries, ttlAutopurge: false });
      if (seen.has(key)) return false;
      seen.set(key, true, { ttl: ttlMs });
      return true;
    },
  };
}
