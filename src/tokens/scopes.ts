import type { Viewer } from "./claims.js";
import { Role, rolesIncludedBy } from "./role.js";

/** The OAuth scopes each role adds to those of the roles it includes. */
const SCOPES_ADDED_BY_ROLE: Record<Role, readonly string[]> = {
  [Role.USER]: ["profile", "posts:read", "posts:write"],
  [Role.EDITOR]: ["posts:review"],
  [Role.ADMIN]: ["users:admin"],
};

/** A token's `scope`: everything its roles, and the roles they include, grant. */
export function scopesForRoles(roles: readonly Role[]): string[] {
  return [...new Set(roles.flatMap(rolesIncludedBy).flatMap((role) => SCOPES_ADDED_BY_ROLE[role]))];
}

export function hasScopes(viewer: Pick<Viewer, "scopes">, scopes: readonly string[]): boolean {
  return scopes.every((scope) => viewer.scopes.includes(scope));
}
