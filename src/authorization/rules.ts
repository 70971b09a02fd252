import { ErrorCode } from "../errors.js";
import type { Viewer } from "../tokens/claims.js";
import { holdsRole, type Role } from "../tokens/role.js";
import { hasScopes } from "../tokens/scopes.js";

/** A field's rule as declared with @Auth: every scope, and one of: the owner, the roles, the named rule. */
export interface AuthRule {
  roles?: readonly Role[];
  scopes?: readonly string[];
  /** The field of the judged object that holds its owner's id (`authorId`; `id` for a user): that viewer passes. */
  owner?: string;
  rule?: RuleName;
}

/** The rule without its empty members, as denials and the auth manifest show it. */
export function compactRule({ roles, scopes, owner, rule }: AuthRule): AuthRule {
  return {
    ...(roles?.length ? { roles } : {}),
    ...(scopes?.length ? { scopes } : {}),
    ...(owner ? { owner } : {}),
    ...(rule ? { rule } : {}),
  };
}

/** `@Public()`: anyone, signed in or not. */
export const PUBLIC = "public" as const;
export type FieldRule = AuthRule | typeof PUBLIC;

/** Which part of a rule a denied viewer lacks: said in the denial's log line and its extensions. */
export type Missing = "signed-in" | "scopes" | "role-or-rule";

export type Decision =
  | { allowed: true }
  | { allowed: false; code: ErrorCode.UNAUTHENTICATED | ErrorCode.FORBIDDEN; missing: Missing };

/** An id as a record or a resolved object holds it: a string, or a driver ObjectId. */
export type IdLike = string | { toHexString(): string };

/** Ids are compared by value: a raw record's ObjectId and the viewer's string id are the same user. */
export function sameId(id: IdLike | null | undefined, viewerId: string): boolean {
  if (typeof id === "string") return id === viewerId;
  return typeof id?.toHexString === "function" && id.toHexString() === viewerId;
}

/** The viewer owns the object when the object's owner field holds the viewer's id. */
export function ownedBy(target: unknown, ownerField: string, viewer: Viewer): boolean {
  return typeof target === "object" && target !== null && viewer.id !== null && sameId((target as Record<string, IdLike | null | undefined>)[ownerField], viewer.id);
}

/** A policy of your own, like Apollo's `@policy`: decided from the viewer's claims alone, with its words for the docs. */
export interface NamedRule {
  /** How the docs put it, after "Requires:": "you are on the pro plan". */
  words: string;
  allows(viewer: Viewer): boolean;
}

/**
 * Every named rule, registered here and nowhere else. `@Auth({ rule: "proPlan" })` only compiles with a name
 * from this list, and the SDL shows it as `@auth(rule: "proPlan")`. Pure: no I/O.
 */
export const NAMED_RULES = {
  proPlan: { words: "you are on the pro plan", allows: (viewer) => viewer.custom.plan === "pro" },
} satisfies Record<string, NamedRule>;

export type RuleName = keyof typeof NAMED_RULES;

export function isRuleName(name: string): name is RuleName {
  return Object.hasOwn(NAMED_RULES, name);
}

/** Whether the viewer satisfies a named rule: the registry's, unless the caller asks about a viewer it imagines. */
export type NamedRuleCheck = (name: RuleName, viewer: Viewer) => boolean;
const registeredRule: NamedRuleCheck = (name, viewer) => NAMED_RULES[name].allows(viewer);

const ALLOW: Decision = { allowed: true };
const UNAUTHENTICATED: Decision = { allowed: false, code: ErrorCode.UNAUTHENTICATED, missing: "signed-in" };
const MISSING_SCOPES: Decision = { allowed: false, code: ErrorCode.FORBIDDEN, missing: "scopes" };
const MISSING_ROLE_OR_RULE: Decision = { allowed: false, code: ErrorCode.FORBIDDEN, missing: "role-or-rule" };

/**
 * The one decision function. Anonymous viewers get UNAUTHENTICATED for any
 * non-public rule; signed-in viewers get FORBIDDEN when a scope is missing, or
 * when the rule names an owner, roles or a named rule and they satisfy none.
 * An owner rule with no object to judge (undefined) does not hold.
 */
export function decide(viewer: Viewer | null, rule: FieldRule, target?: unknown, holdsRule = registeredRule): Decision {
  if (rule === PUBLIC) return ALLOW;
  if (!viewer) return UNAUTHENTICATED;
  if (rule.scopes && !hasScopes(viewer, rule.scopes)) return MISSING_SCOPES;
  if (!rule.roles && !rule.owner && !rule.rule) return ALLOW;
  if (rule.roles?.some((role) => holdsRole(viewer, role))) return ALLOW;
  if (rule.owner && ownedBy(target, rule.owner, viewer)) return ALLOW;
  if (rule.rule && holdsRule(rule.rule, viewer)) return ALLOW;
  return MISSING_ROLE_OR_RULE;
}
