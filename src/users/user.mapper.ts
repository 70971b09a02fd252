import type { Role } from "../tokens/role.js";
import type { UserRecord } from "./user.model.js";
import type { UserType } from "./user.type.js";

export function toUserType(user: UserRecord): UserType {
  return {
    id: user._id.toString(),
    displayName: user.displayName,
    email: user.email,
    roles: user.roles as Role[],
    createdAt: user.createdAt,
  };
}
