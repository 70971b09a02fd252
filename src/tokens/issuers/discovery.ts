import { isAllowedUrl } from "./trusted-issuers.js";

/**
 * OpenID Connect Discovery 1.0: the JWKS URI from `<issuer>/.well-known/openid-configuration`. The document must
 * name the issuer we asked about (§4.3), or anyone able to answer there could make us trust other keys.
 */
export async function discoverJwksUri(discoveryUrl: string, issuer: string, fetchJson = globalThis.fetch, timeoutMs = 5_000): Promise<string> {
  const response = await fetchJson(discoveryUrl, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: "application/json" } });
  if (!response.ok) throw new Error(`discovery ${discoveryUrl} answered ${response.status}`);
  const document = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
  if (document.issuer !== issuer) throw new Error(`discovery ${discoveryUrl} names issuer ${JSON.stringify(document.issuer)}, not ${issuer}`);
  if (typeof document.jwks_uri !== "string" || !isAllowedUrl(document.jwks_uri)) {
    throw new Error(`discovery ${discoveryUrl} has no usable jwks_uri (https, or http on loopback)`);
  }
  return document.jwks_uri;
}
