import { errors, importJWK, type CryptoKey, type JWK, type JWTHeaderParameters } from "jose";

/** The algorithms another provider's tokens may use: asymmetric only, never `none` or HS*. */
export const EXTERNAL_ALGORITHMS = ["RS256", "PS256", "ES256", "EdDSA"] as const;
export type ExternalAlgorithm = (typeof EXTERNAL_ALGORITHMS)[number];

export interface JwksCacheOptions {
  /** The JWKS URI, or how to find it (OpenID discovery), asked again until it answers. */
  uri: string | (() => Promise<string>);
  /** The issuer's allowed algorithms; by default, those its keys declare (or imply, for a key without `alg`). */
  algorithms?: readonly ExternalAlgorithm[];
  /** Bounds on how long a fetched key set is fresh, whatever its Cache-Control says. */
  minFreshMs?: number;
  maxFreshMs?: number;
  /** The least time between two fetches that unknown `kid`s cause, so forged kids cannot make us hammer the provider. */
  cooldownMs?: number;
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
  now?: () => number;
  /** Told why a fetch failed: the last good key set stays in use. */
  onFetchFailed?: (error: Error) => void;
}

interface CachedKey {
  key: CryptoKey;
  alg: ExternalAlgorithm;
}

export interface JwksCache {
  /** A jose key resolver: the key for the header's `kid`, if its algorithm is the key's and allowed. */
  getKey(header: JWTHeaderParameters): Promise<CryptoKey>;
  /** Whether a key with this kid is in the key set now: a verified token whose key is withdrawn is verified again. */
  has(kid: string): boolean;
  /** Fetches the key set now, unless one is fresh or under way: at start, so that the first request does not wait. */
  prefetch(): Promise<void>;
}

/** The algorithm a key is for: its own `alg`, else the one its type implies (RSA keys: RS256). */
function algorithmOf(jwk: JWK): ExternalAlgorithm | undefined {
  if (jwk.alg) return (EXTERNAL_ALGORITHMS as readonly string[]).includes(jwk.alg) ? (jwk.alg as ExternalAlgorithm) : undefined;
  if (jwk.kty === "RSA") return "RS256";
  if (jwk.kty === "EC" && jwk.crv === "P-256") return "ES256";
  if (jwk.kty === "OKP" && jwk.crv === "Ed25519") return "EdDSA";
  return undefined;
}

/** Seconds of freshness the response allows: `max-age`, else `Expires`; undefined when it says nothing. */
function freshnessMs(response: Response, now: number): number | undefined {
  const cacheControl = response.headers.get("cache-control") ?? "";
  if (/\bno-(store|cache)\b/i.test(cacheControl)) return 0;
  const maxAge = /\bmax-age=(\d+)/i.exec(cacheControl);
  if (maxAge) return Number(maxAge[1]) * 1000;
  const expires = Date.parse(response.headers.get("expires") ?? "");
  return Number.isNaN(expires) ? undefined : Math.max(0, expires - now);
}

/**
 * One provider's signing keys, fetched from its JWKS URI and kept by HTTP caching headers within a floor and a
 * ceiling. An unknown `kid` causes at most one fetch per cooldown, one at a time. A failed fetch keeps the last
 * good key set, so the provider being down affects only tokens signed with keys we never saw.
 */
export function createJwksCache(options: JwksCacheOptions): JwksCache {
  const minFreshMs = options.minFreshMs ?? 60_000;
  const maxFreshMs = options.maxFreshMs ?? 24 * 3_600_000;
  const cooldownMs = options.cooldownMs ?? 30_000;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const fetchKeys = options.fetch ?? globalThis.fetch;
  const now = options.now ?? Date.now;

  let keys = new Map<string, CachedKey>();
  let freshUntil = -Infinity;
  let lastFetchAt = -Infinity;
  let inFlight: Promise<void> | undefined;

  let uri = typeof options.uri === "string" ? options.uri : undefined;

  async function load(): Promise<void> {
    lastFetchAt = now();
    uri ??= await (options.uri as () => Promise<string>)();
    const response = await fetchKeys(uri, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: "application/json" } });
    if (!response.ok) throw new Error(`JWKS ${uri} answered ${response.status}`);
    const body = (await response.json()) as { keys?: unknown };
    if (!Array.isArray(body.keys)) throw new Error(`JWKS ${uri} has no keys array`);
    const next = new Map<string, CachedKey>();
    for (const jwk of body.keys as JWK[]) {
      const alg = algorithmOf(jwk);
      if (typeof jwk.kid !== "string" || !alg || (jwk.use !== undefined && jwk.use !== "sig")) continue;
      if (options.algorithms && !options.algorithms.includes(alg)) continue;
      // A private member would make this a private key: such a key set is refused whole.
      if ("d" in jwk) throw new Error(`JWKS ${uri} publishes a private key`);
      next.set(jwk.kid, { key: (await importJWK(jwk, alg)) as CryptoKey, alg });
    }
    keys = next;
    const fresh = freshnessMs(response, now()) ?? minFreshMs;
    freshUntil = now() + Math.min(maxFreshMs, Math.max(minFreshMs, fresh));
  }

  /** One fetch at a time. A failure keeps the last good key set, and the next try waits out the cooldown. */
  function refresh(): Promise<void> {
    inFlight ??= load()
      .catch((error: Error) => {
        options.onFetchFailed?.(error);
        freshUntil = Math.max(freshUntil, now() + cooldownMs);
      })
      .finally(() => (inFlight = undefined));
    return inFlight;
  }

  return {
    has: (kid) => keys.has(kid),
    async prefetch() {
      if (now() < freshUntil) return;
      await refresh();
    },
    async getKey(header) {
      if (typeof header.kid !== "string") throw new errors.JWKSNoMatchingKey();
      if (keys.size === 0 && lastFetchAt === -Infinity) await refresh();
      else if (now() >= freshUntil) void refresh();
      let found = keys.get(header.kid);
      // An unknown kid waits for a fetch under way, or starts one once the cooldown allows.
      if (!found && (inFlight || now() - lastFetchAt >= cooldownMs)) {
        await refresh();
        found = keys.get(header.kid);
      }
      if (!found || found.alg !== header.alg) throw new errors.JWKSNoMatchingKey();
      return found.key;
    },
  };
}
