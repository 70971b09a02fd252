import { ErrorCode } from "../errors.js";
import type { Viewer } from "./claims.js";
import { Role } from "./role.js";

/** A field's rule as declared with @Auth: every scope, and one of the roles or the named rule. */
export interface AuthRule {
  roles?: readonly Role[];
  scopes?: readonly string[];
  rule?: RuleName;
}

/** The rule without its empty members, as denials and the auth manifest show it. */
export function compactRule({ roles, scopes, rule }: AuthRule): AuthRule {
  return { ...(roles?.length ? { roles } : {}), ...(scopes?.length ? { scopes } : {}), ...(rule ? { rule } : {}) };
}

/** `@Public()`: anyone, signed in or not. */
export const PUBLIC = "public" as const;
export type FieldRule = AuthRule | typeof PUBLIC;

/** Which part of a rule a denied viewer lacks: said in the denial's log line and its extensions. */
export type Missing = "signed-in" | "scopes" | "role-or-rule";

export type Decision =
  | { allowed: true }
  | { allowed: false; code: ErrorCode.UNAUTHENTICATED | ErrorCode.FORBIDDEN; missing: Missing };

/** The hierarchy, defined once: each role includes every role before it. */
const ROLE_ORDER: readonly Role[] = [Role.USER, Role.EDITOR, Role.ADMIN];
const RANK = new Map(ROLE_ORDER.map((role, rank) => [role, rank]));

/** The role and every role it includes. */
export function rolesIncludedBy(role: Role): readonly Role[] {
  return ROLE_ORDER.slice(0, RANK.get(role)! + 1);
}

export function holdsRole(viewer: Viewer, required: Role): boolean {
  const needed = RANK.get(required)!;
  return viewer.roles.some((role) => RANK.get(role)! >= needed);
}

export function hasScopes(viewer: Viewer, scopes: readonly string[]): boolean {
  return scopes.every((scope) => viewer.scopes.includes(scope));
}

/** An id as a record or a resolved object holds it: a string, or a driver ObjectId. */
export type IdLike = string | { toHexString(): string };

/** Ids are compared by value: a raw record's ObjectId and the viewer's string id are the same user. */
export function sameId(id: IdLike | null | undefined, viewerId: string): boolean {
  if (typeof id === "string") return id === viewerId;
  return typeof id?.toHexString === "function" && id.toHexString() === viewerId;
}

/**
 * Named rules decide from the viewer and the object being resolved (the
 * parent of the field, or the target a mutation loaded). Pure: no I/O.
 */
export const NAMED_RULES = {
  /** The viewer is this user. */
  self: (viewer: Viewer, user: { id: IdLike }) => sameId(user.id, viewer.id),
  /** The viewer wrote this post. */
  author: (viewer: Viewer, post: { authorId: IdLike }) => sameId(post.authorId, viewer.id),
} satisfies Record<string, (viewer: Viewer, target: never) => boolean>;

export type RuleName = keyof typeof NAMED_RULES;

/** What a named rule judges: the shape its object must have (`{ authorId }` for author). */
export type RuleTarget<R extends RuleName> = Parameters<(typeof NAMED_RULES)[R]>[1];

export function isRuleName(name: string): name is RuleName {
  return Object.hasOwn(NAMED_RULES, name);
}

const ALLOW: Decision = { allowed: true };
const UNAUTHENTICATED: Decision = { allowed: false, code: ErrorCode.UNAUTHENTICATED, missing: "signed-in" };
const MISSING_SCOPES: Decision = { allowed: false, code: ErrorCode.FORBIDDEN, missing: "scopes" };
const MISSING_ROLE_OR_RULE: Decision = { allowed: false, code: ErrorCode.FORBIDDEN, missing: "role-or-rule" };

/**
 * The one decision function. Anonymous viewers get UNAUTHENTICATED for any
 * non-public rule; signed-in viewers get FORBIDDEN when a scope is missing, or
 * when the rule names roles or a named rule and they satisfy neither.
 * A named rule with no target to judge (undefined) does not hold.
 */
export function decide(viewer: Viewer | null, rule: FieldRule, target?: unknown): Decision {
  if (rule === PUBLIC) return ALLOW;
  if (!viewer) return UNAUTHENTICATED;
  if (rule.scopes && !hasScopes(viewer, rule.scopes)) return MISSING_SCOPES;
  if (!rule.roles && !rule.rule) return ALLOW;
  if (rule.roles?.some((role) => holdsRole(viewer, role))) return ALLOW;
  if (rule.rule && target !== undefined && target !== null && NAMED_RULES[rule.rule](viewer, target as never)) return ALLOW;
  return MISSING_ROLE_OR_RULE;
}
