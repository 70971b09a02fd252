import { registerEnumType } from "type-graphql";

export enum Role {
  USER = "USER",
  EDITOR = "EDITOR",
  ADMIN = "ADMIN",
}

registerEnumType(Role, {
  name: "Role",
  description: "A role carried in the access token. ADMIN includes EDITOR, which includes USER.",
});

export const ALL_ROLES: readonly Role[] = Object.values(Role);
