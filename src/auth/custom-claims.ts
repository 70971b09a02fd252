import { z } from "zod";
import { PLANS } from "../users/user.model.js";
import type { UserRecord } from "../users/user.model.js";

/**
 * The extension point for claims of your own. Each entry names a claim, says
 * how to compute it from the user record when a token is issued, and gives
 * the schema its value must match when a token is verified. Values are
 * readable by anyone holding the token: never put a secret here.
 *
 * To add one, add an entry (and the field it reads to the User model):
 *   tenant: { from: (user) => user.tenantId, schema: z.string().max(64) },
 */
export const customClaims = {
  plan: { from: (user: UserRecord) => user.plan, schema: z.enum(PLANS) },
} satisfies Record<string, CustomClaim>;

interface CustomClaim {
  from(user: UserRecord): unknown;
  schema: z.ZodType;
}

export type CustomClaims = { [K in keyof typeof customClaims]: z.infer<(typeof customClaims)[K]["schema"]> };

export function customClaimsFor(user: UserRecord): CustomClaims {
  return Object.fromEntries(
    Object.entries(customClaims).map(([name, claim]) => [name, claim.from(user)]),
  ) as CustomClaims;
}

export const customClaimsSchema = z.object(
  Object.fromEntries(Object.entries(customClaims).map(([name, claim]) => [name, claim.schema])) as {
    [K in keyof typeof customClaims]: (typeof customClaims)[K]["schema"];
  },
);
