/**
 * DPoP's `htu` (RFC 9449 §4.3): the endpoint as the client addressed it, without query or fragment. Behind a
 * proxy that is PUBLIC_URL; without it, the request's own scheme and Host.
 */
export function addressedUrl(publicUrl: string | undefined, request: { protocol: string; host: string | undefined; url: string | undefined }): string {
  return publicUrl ?? `${request.protocol}://${request.host ?? "localhost"}${new URL(request.url ?? "/", "http://path.only").pathname}`;
}
