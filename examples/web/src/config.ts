import type { RefreshTransport } from "@tessera/client";

export const API_URL = import.meta.env.VITE_TESSERA_URL ?? "/graphql";
export const REFRESH_TRANSPORT: RefreshTransport = import.meta.env.VITE_TESSERA_REFRESH_TRANSPORT === "cookie" ? "cookie" : "body";
/** Built for an API with TRUSTED_DOCUMENTS_FILE: operations go by hash only. Must match the API. */
export const TRUSTED_DOCUMENTS = import.meta.env.VITE_TESSERA_TRUSTED_DOCUMENTS === "true";
/** Tokens bound to a key this browser keeps (DPoP, RFC 9449), so a copied token is useless elsewhere. On unless "false". */
export const DPOP = import.meta.env.VITE_TESSERA_DPOP !== "false";
