import { Role } from "./role.js";

/** The OAuth scopes a token carries for each role; a token's `scope` is the union over its roles. */
const SCOPES_BY_ROLE: Record<Role, readonly string[]> = {
  [Role.USER]: ["profile", "posts:read", "posts:write"],
  [Role.EDITOR]: ["profile", "posts:read", "posts:write", "posts:review"],
  [Role.ADMIN]: ["profile", "posts:read", "posts:write", "posts:review", "users:admin"],
};

export function scopesForRoles(roles: readonly Role[]): string[] {
  return [...new Set(roles.flatMap((role) => SCOPES_BY_ROLE[role]))];
}
