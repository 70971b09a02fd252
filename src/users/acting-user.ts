import { requireViewer } from "../authorization/require-viewer.js";
import type { AuthorizationContext } from "../authorization/authorization-context.js";
import { ErrorCode, TesseraError } from "../errors.js";
import { ensureLinkedUser } from "./linked-user.js";

/**
 * The id of the user record the viewer acts as, for what must be stored under a user (a post's author): ours, or
 * another issuer's linked user, created on first use. A viewer whose issuer links no users has none.
 */
export async function actingUserId(ctx: AuthorizationContext): Promise<string> {
  const viewer = requireViewer(ctx);
  if (viewer.id === null) {
    throw new TesseraError(ErrorCode.FORBIDDEN, "Your identity provider's users have no account here (linkUsers is off)");
  }
  if (viewer.profile) await ensureLinkedUser({ ...viewer, id: viewer.id, profile: viewer.profile });
  return viewer.id;
}
