import { revokeAllFamilies } from "./refresh.js";
import type { Revocations } from "./revocation.js";

/**
 * Signs a user out everywhere: every refresh-token family, and every access token issued until now, on every
 * instance (the revocation is pushed). Resolves to the second from which new tokens are valid again.
 */
export async function endEverySession(userId: string, revocations: Revocations): Promise<number> {
  const [, validAfter] = await Promise.all([revokeAllFamilies(userId), revocations.revokeUser(userId)]);
  return validAfter;
}
