import { revokeAllFamilies } from "./refresh.js";
import type { Revocations } from "./revocation.js";

/**
 * Signs a user out everywhere: every refresh-token family, and every access token issued until now, on every
 * instance (the revocation is pushed). Resolves to the second from which new tokens are valid again.
 */
export async function endEverySession(userId: string, revocations: Revocations): Promise<number> {
  // One after the other: both write the user, and FerretDB's SQLite backend rewrites a whole document per update,
  // so of two concurrent updates to one user, one would undo the other.
  await revokeAllFamilies(userId);
  return revocations.revokeUser(userId);
}
