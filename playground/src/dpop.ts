import { browserDpopKey, createDpopSigner, ErrorReason, hasReason, requestCredentials, type DpopSigner, type GraphQLErrorLike } from "@tessera/client";

/** The playground's own key in this browser: generated once, non-extractable, kept in IndexedDB. */
export async function playgroundSigner(): Promise<DpopSigner> {
  return createDpopSigner(await browserDpopKey("tessera-playground"));
}

/** The endpoint as the proofs must name it: absolute, as the browser addresses it. */
export const endpointUrl = (endpoint: string) => new URL(endpoint, window.location.href).href;

/** Authorization for the token (its scheme follows its binding) and, with a signer, a proof for this POST. */
export function credentialHeaders(endpoint: string, accessToken: string | undefined, signer: DpopSigner | undefined): Promise<Record<string, string>> {
  return requestCredentials(accessToken, signer && { signer, url: endpointUrl(endpoint) }) as Promise<Record<string, string>>;
}

/**
 * Sends a request made by `send` (which adds fresh credentials each time), keeping the server's DPoP nonce from
 * every answer, and sends it once more when the server asked for its nonce (RFC 9449 §8).
 */
export async function withNonceRetry(signer: DpopSigner | undefined, send: () => Promise<Response>): Promise<Response> {
  const response = await send();
  if (!signer) return response;
  signer.useNonce(response.headers.get("dpop-nonce"));
  if (response.status !== 401) return response;
  const body = (await response.clone().json().catch(() => ({}))) as { errors?: GraphQLErrorLike[] };
  return hasReason(body.errors, ErrorReason.USE_DPOP_NONCE) ? send() : response;
}
