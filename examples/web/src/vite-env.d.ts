/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The API's GraphQL endpoint; "/graphql" (same origin) when unset. */
  readonly VITE_TESSERA_URL?: string;
  /** "cookie" when the API runs with REFRESH_TOKEN_TRANSPORT=cookie; "body" when unset. */
  readonly VITE_TESSERA_REFRESH_TRANSPORT?: string;
  /** "true" when the API runs with TRUSTED_DOCUMENTS_FILE set to this app's persisted-documents.json. */
  readonly VITE_TESSERA_TRUSTED_DOCUMENTS?: string;
  /** "false" to use bearer tokens; by default tokens are bound to this browser's key (DPoP). */
  readonly VITE_TESSERA_DPOP?: string;
}
