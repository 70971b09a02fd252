import { z } from "zod";
import { Role } from "./role.js";
import { customClaims, customClaimsSchema, type CustomClaims } from "./custom-claims.js";

/**
 * Claim names with a meaning fixed by RFC 7519, RFC 9068 or Tessera itself.
 * A custom claim may not reuse one: it would overwrite identity or authority.
 */
export const RESERVED_CLAIMS = [
  "iss", "sub", "aud", "exp", "nbf", "iat", "jti", "client_id", "scope", "roles",
  "auth_time", "acr", "amr", "groups", "entitlements", "typ", "cnf", "act", "may_act",
] as const;

for (const name of Object.keys(customClaims)) {
  if ((RESERVED_CLAIMS as readonly string[]).includes(name)) {
    throw new Error(`custom claim "${name}" would overwrite a reserved claim`);
  }
}

/** Checked after the signature: a correctly signed token with claims of the wrong shape is still invalid. */
export const accessTokenClaimsSchema = z
  .object({
    iss: z.string().min(1),
    /** Our user ids: anything else was not issued by us, and must never reach a query. */
    sub: z.string().regex(/^[0-9a-f]{24}$/),
    aud: z.union([z.string(), z.array(z.string())]),
    exp: z.number().int(),
    iat: z.number().int(),
    nbf: z.number().int().optional(),
    jti: z.string().min(1).max(128),
    client_id: z.string().min(1).max(128),
    /** RFC 9449 §6.1: a DPoP-bound token's key, by its RFC 7638 SHA-256 thumbprint. */
    cnf: z.object({ jkt: z.string().regex(/^[A-Za-z0-9_-]{43}$/) }).strict().optional(),
    roles: z.array(z.enum(Role)).max(16),
    scope: z.string().max(2048),
  })
  .extend(customClaimsSchema.shape);

export type Claims = z.infer<typeof accessTokenClaimsSchema> & CustomClaims;

/** Who is making the request, as the verified access token says. Never loaded from the database. */
export interface Viewer {
  /**
   * The local user this viewer acts as: our own token's `sub`, or the user linked to another issuer's
   * (iss, sub). Null when that issuer links no users: then `me` is null and owner rules deny.
   */
  id: string | null;
  /** Who vouches for the viewer, and whom it names: our issuer and user id, or another provider's. */
  issuer: string;
  subject: string;
  /** Another provider's token: that provider, not Tessera, signs this viewer in, refreshes and changes passwords. */
  external: boolean;
  roles: Role[];
  scopes: string[];
  expiresAt: Date;
  issuedAt: Date;
  /** Tessera's custom claims; for another issuer's token, only those its configuration maps. */
  custom: Partial<CustomClaims>;
  /** Every verified claim, as the token carries them. Rules read `roles`, `scopes` and `custom`, never these. */
  claims: Readonly<Record<string, unknown>>;
  /** RFC 9449: the thumbprint of the key the token is bound to (`cnf.jkt`); every request must prove that key. */
  boundKey?: string;
  /** Another issuer's linked viewer: what its user record is created from, the first time it needs one. */
  profile?: { email: string | undefined; displayName: string | undefined };
}

export function viewerFromClaims(claims: Claims): Viewer {
  return {
    id: claims.sub,
    issuer: claims.iss,
    subject: claims.sub,
    external: false,
    roles: claims.roles,
    scopes: claims.scope.split(" ").filter(Boolean),
    expiresAt: new Date(claims.exp * 1000),
    issuedAt: new Date(claims.iat * 1000),
    ...(claims.cnf && { boundKey: claims.cnf.jkt }),
    custom: Object.fromEntries(Object.keys(customClaims).map((name) => [name, claims[name as keyof CustomClaims]])) as CustomClaims,
    claims,
  };
}
