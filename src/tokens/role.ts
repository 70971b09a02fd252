/** A role carried in the access token. ADMIN includes EDITOR, which includes USER. */
export enum Role {
  USER = "USER",
  EDITOR = "EDITOR",
  ADMIN = "ADMIN",
}

/** The hierarchy, defined once: each role includes every role before it. */
export const ALL_ROLES: readonly Role[] = [Role.USER, Role.EDITOR, Role.ADMIN];
const RANK = new Map(ALL_ROLES.map((role, rank) => [role, rank]));

export function isRole(value: string): value is Role {
  return (ALL_ROLES as readonly string[]).includes(value);
}

/** The role and every role it includes. */
export function rolesIncludedBy(role: Role): readonly Role[] {
  return ALL_ROLES.slice(0, RANK.get(role)! + 1);
}

/** Whether a viewer (anything with the token's roles) holds `required`, itself or through a role that includes it. */
export function holdsRole(viewer: { roles: readonly Role[] }, required: Role): boolean {
  const needed = RANK.get(required)!;
  return viewer.roles.some((role) => RANK.get(role)! >= needed);
}
