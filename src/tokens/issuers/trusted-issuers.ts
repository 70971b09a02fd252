import { z } from "zod";
import { customClaims } from "../custom-claims.js";
import { ALL_ROLES, type Role } from "../role.js";
import { parseClaimPath, type ClaimPath } from "./claim-path.js";
import { EXTERNAL_ALGORITHMS, type ExternalAlgorithm } from "./jwks-cache.js";

/** One identity provider whose access tokens Tessera accepts beside its own, with where its claims sit. */
export interface TrustedIssuer {
  issuer: string;
  /** The token's audience must contain one of these (one per API identifier or client the provider issues for). */
  audience: readonly string[];
  /** Where its keys are: given, or read from `<issuer>/.well-known/openid-configuration` at start. */
  keys: { jwksUri: string } | { discovery: string };
  algorithms: readonly ExternalAlgorithm[] | undefined;
  /** The least time between two key fetches that unknown `kid`s cause. */
  refetchCooldownSeconds: number;
  /** Tokens older than this (after `iat`) are refused, so that a revocation need be remembered only this long. */
  maxTokenAgeSeconds: number;
  claims: {
    subject: ClaimPath;
    /** Where the audience sits: `aud`, or another claim for providers without one (Cognito's `client_id`). */
    audience: ClaimPath;
    roles: ClaimPath | undefined;
    scopes: ClaimPath | undefined;
    email: ClaimPath | undefined;
    displayName: ClaimPath | undefined;
    custom: ReadonlyMap<string, ClaimPath>;
  };
  /** Role values in the token → our roles; a value not in the map grants nothing. */
  roleMap: ReadonlyMap<string, Role>;
  /** The role every viewer of this issuer holds besides the mapped ones (null: none). */
  defaultRole: Role | null;
  requireType: "at+jwt" | undefined;
  /** Whether a user record is linked, just in time, to each (iss, sub): what `me`, owner rules and posts use. */
  linkUsers: boolean;
}

/** A day: Auth0's default access-token lifetime, the longest of the big providers' defaults. */
const DEFAULT_MAX_TOKEN_AGE_SECONDS = 86_400;

const role = z.enum(ALL_ROLES as [Role, ...Role[]]);
const path = z.string().transform((text, context) => {
  try {
    return parseClaimPath(text);
  } catch (error) {
    context.addIssue({ code: "custom", message: `${JSON.stringify(text)} ${(error as Error).message}` });
    return z.NEVER;
  }
});

/** http only on loopback, for providers run beside the tests; anything reachable over a network is https. */
export function isAllowedUrl(text: string): boolean {
  const parsed = URL.parse(text);
  return parsed !== null && (parsed.protocol === "https:" || (parsed.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(parsed.hostname)));
}
const url = z.string().refine(isAllowedUrl, "must be an https URL (http only on loopback)");

const entrySchema = z
  .object({
    issuer: url,
    audience: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
    jwksUri: url.optional(),
    discovery: z.literal(true).optional(),
    algorithms: z.array(z.enum(EXTERNAL_ALGORITHMS)).min(1).optional(),
    maxTokenAgeSeconds: z.number().int().min(60).max(7 * 86_400).optional(),
    refetchCooldownSeconds: z.number().int().min(1).max(3_600).optional(),
    claims: z
      .object({
        subject: path.optional(),
        audience: path.optional(),
        roles: path.optional(),
        scopes: path.optional(),
        email: path.optional(),
        displayName: path.optional(),
        custom: z.record(z.string(), path).optional(),
      })
      .strict()
      .optional(),
    roles: z.object({ map: z.record(z.string(), role).optional(), default: role.nullable().optional() }).strict().optional(),
    requireType: z.literal("at+jwt").optional(),
    linkUsers: z.boolean().optional(),
  })
  .strict()
  .superRefine((entry, context) => {
    if ((entry.jwksUri === undefined) === (entry.discovery === undefined)) {
      context.addIssue({ code: "custom", message: "give exactly one of jwksUri or discovery: true" });
    }
    for (const name of Object.keys(entry.claims?.custom ?? {})) {
      if (!Object.hasOwn(customClaims, name)) {
        context.addIssue({ code: "custom", path: ["claims", "custom", name], message: `is not a custom claim (${Object.keys(customClaims).join(", ")})` });
      }
    }
  });

/** `[0].claims.roles`: the entry, then the field. */
function where(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "";
  return path.map((step) => (typeof step === "number" ? `[${step}]` : `.${String(step)}`)).join("").replace(/^\./, "");
}

export class TrustedIssuersError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
  }
}

/**
 * TRUSTED_ISSUERS as JSON text → the issuers, or every mistake at once, one line each, naming the entry and the
 * field. Our own issuer is always trusted and may not be listed.
 */
export function parseTrustedIssuers(text: string, ownIssuer: string): TrustedIssuer[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new TrustedIssuersError([`: is not valid JSON (${(error as Error).message})`]);
  }
  const parsed = z.array(entrySchema).safeParse(json);
  if (!parsed.success) {
    throw new TrustedIssuersError(parsed.error.issues.map((issue) => `${where(issue.path)}: ${issue.message}`));
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  parsed.data.forEach((entry, index) => {
    if (entry.issuer === ownIssuer) problems.push(`[${index}].issuer: is Tessera's own issuer, which is always trusted`);
    if (seen.has(entry.issuer)) problems.push(`[${index}].issuer: ${entry.issuer} is listed twice`);
    seen.add(entry.issuer);
  });
  if (problems.length > 0) throw new TrustedIssuersError(problems);
  return parsed.data.map((entry) => ({
    issuer: entry.issuer,
    audience: typeof entry.audience === "string" ? [entry.audience] : entry.audience,
    keys: entry.jwksUri ? { jwksUri: entry.jwksUri } : { discovery: `${entry.issuer.replace(/\/$/, "")}/.well-known/openid-configuration` },
    algorithms: entry.algorithms,
    maxTokenAgeSeconds: entry.maxTokenAgeSeconds ?? DEFAULT_MAX_TOKEN_AGE_SECONDS,
    refetchCooldownSeconds: entry.refetchCooldownSeconds ?? 30,
    claims: {
      subject: entry.claims?.subject ?? ["sub"],
      audience: entry.claims?.audience ?? ["aud"],
      roles: entry.claims?.roles,
      scopes: entry.claims?.scopes ?? ["scope"],
      email: entry.claims?.email,
      displayName: entry.claims?.displayName,
      custom: new Map(Object.entries(entry.claims?.custom ?? {})),
    },
    roleMap: new Map(Object.entries(entry.roles?.map ?? {})),
    defaultRole: entry.roles?.default === undefined ? null : entry.roles.default,
    requireType: entry.requireType,
    linkUsers: entry.linkUsers ?? true,
  }));
}
