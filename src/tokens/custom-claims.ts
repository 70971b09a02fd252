import { z } from "zod";

export const PLANS = ["free", "pro"] as const;
export type Plan = (typeof PLANS)[number];

/** What claims of your own are computed from: the fields of the account (the User model stores them). */
export interface ClaimSource {
  plan: Plan;
}

/**
 * The extension point for claims of your own. Each entry names a claim, says
 * how to compute it from the user record when a token is issued, and gives
 * the schema its value must match when a token is verified. Values are
 * readable by anyone holding the token: never put a secret here.
 *
 * To add one, add an entry, the field it reads to ClaimSource, and that field to the User model:
 *   tenant: { from: (user) => user.tenantId, schema: z.string().max(64) },
 */
export const customClaims = {
  plan: { from: (user: ClaimSource) => user.plan, schema: z.enum(PLANS) },
} satisfies Record<string, CustomClaim>;

interface CustomClaim {
  from(user: ClaimSource): unknown;
  schema: z.ZodType;
}

export type CustomClaims = { [K in keyof typeof customClaims]: z.infer<(typeof customClaims)[K]["schema"]> };

export function customClaimsFor(user: ClaimSource): CustomClaims {
  return Object.fromEntries(
    Object.entries(customClaims).map(([name, claim]) => [name, claim.from(user)]),
  ) as CustomClaims;
}

export const customClaimsSchema = z.object(
  Object.fromEntries(Object.entries(customClaims).map(([name, claim]) => [name, claim.schema])) as {
    [K in keyof typeof customClaims]: (typeof customClaims)[K]["schema"];
  },
);
