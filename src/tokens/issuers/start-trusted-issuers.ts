import type { Logger } from "../../logger.js";
import { discoverJwksUri } from "./discovery.js";
import { createExternalVerifier, type ExternalVerifier } from "./external-verifier.js";
import { createJwksCache, type JwksCache } from "./jwks-cache.js";
import type { TrustedIssuer } from "./trusted-issuers.js";

export interface TrustedIssuers {
  /** By exact `iss`. */
  verifiers: ReadonlyMap<string, ExternalVerifier>;
  hasKey(issuer: string, kid: string): boolean;
  maxTokenAgeSeconds(issuer: string): number;
}

/**
 * A key cache and a verifier per trusted issuer. Their key sets are fetched in the background at start: a provider
 * that is down delays nothing and affects only its own tokens, which are refused until its keys can be fetched.
 */
export function startTrustedIssuers(issuers: readonly TrustedIssuer[], clockToleranceSeconds: number, logger: Logger): TrustedIssuers {
  const keys = new Map<string, JwksCache>();
  const verifiers = new Map<string, ExternalVerifier>();
  for (const issuer of issuers) {
    const log = logger.child({ component: "trusted-issuer", issuer: issuer.issuer });
    const source = issuer.keys;
    const cache = createJwksCache({
      uri: "jwksUri" in source ? source.jwksUri : () => discoverJwksUri(source.discovery, issuer.issuer),
      algorithms: issuer.algorithms,
      cooldownMs: issuer.refetchCooldownSeconds * 1000,
      onFetchFailed: (error) => log.warn({ reason: error.message }, "could not fetch the issuer's keys; keeping the last good ones"),
    });
    void cache.prefetch();
    keys.set(issuer.issuer, cache);
    verifiers.set(issuer.issuer, createExternalVerifier(issuer, cache, clockToleranceSeconds));
  }
  const ages = new Map(issuers.map((issuer) => [issuer.issuer, issuer.maxTokenAgeSeconds]));
  return {
    verifiers,
    hasKey: (issuer, kid) => keys.get(issuer)?.has(kid) ?? false,
    maxTokenAgeSeconds: (issuer) => ages.get(issuer) ?? 0,
  };
}
