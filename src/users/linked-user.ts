import { LRUCache } from "lru-cache";
import { z } from "zod";
import { isDuplicateKeyError } from "../db/duplicate-key.js";
import type { Viewer } from "../tokens/claims.js";
import { UserModel } from "./user.model.js";
import { claimEmail, releaseEmail } from "./user-emails.js";

const email = z.email().max(254);
const displayName = z.string().trim().min(1).max(80);

/** Ids whose user record this instance has seen or created: in steady state, linking costs no database call. */
const linked = new LRUCache<string, true>({ max: 10_000 });

/**
 * Another issuer's linked viewer gets its user record on first use, from the mapped email and display-name claims.
 * An email that an account here holds already is left out: users are linked by (iss, sub) only, never by email,
 * so a provider cannot hand out a local account by naming its address.
 */
export async function ensureLinkedUser(viewer: Viewer & { id: string; profile: NonNullable<Viewer["profile"]> }): Promise<void> {
  if (linked.has(viewer.id)) return;
  const linkedTo = { issuer: viewer.issuer, subject: viewer.subject };
  const existing = await UserModel.findById(viewer.id).select({ linkedTo: 1 }).lean();
  if (!existing) {
    const fields = {
      _id: viewer.id,
      linkedTo,
      displayName: displayName.safeParse(viewer.profile.displayName).data ?? viewer.subject.slice(0, 80),
      roles: viewer.roles,
    };
    // The email only if no account holds it: claimed as sign-up claims it.
    const address = email.safeParse(viewer.profile.email).data;
    const claimed = address !== undefined && (await claimEmail(address, viewer.id));
    try {
      await UserModel.create(claimed ? { ...fields, email: address } : fields);
    } catch (error) {
      if (claimed) await releaseEmail(address, viewer.id);
      // Another request created this user first.
      if (!isDuplicateKeyError(error) || !(await UserModel.exists({ _id: viewer.id }))) throw error;
    }
  } else if (existing.linkedTo?.issuer !== linkedTo.issuer || existing.linkedTo.subject !== linkedTo.subject) {
    // Not reachable short of a SHA-256 collision; refuse rather than act as someone else.
    throw new Error(`user ${viewer.id} is not linked to this identity`);
  }
  linked.set(viewer.id, true);
}
