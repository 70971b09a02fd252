import { updateUser } from "../users/update-user.js";
import type { UserRecord } from "../users/user.model.js";
import { endEverySession } from "./end-every-session.js";
import type { Revocations } from "./revocation.js";

/**
 * Disables or enables an account. Disabling ends every session: a local account then cannot sign in or refresh.
 * A linked user's provider goes on issuing tokens, so a disabled linked user is barred, every token refused on
 * every instance, until it is enabled again.
 */
export async function setAccountDisabled(userId: string, disabled: boolean, revocations: Revocations): Promise<UserRecord | null> {
  const user = await updateUser(userId, { disabled });
  if (!user) return null;
  if (disabled) await endEverySession(userId, revocations);
  if (user.linkedTo) await (disabled ? revocations.barUser(userId) : revocations.reinstateUser(userId));
  return user;
}
