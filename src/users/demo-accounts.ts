import { hashPassword } from "../accounts/passwords.js";
import { isDuplicateKeyError } from "../db/duplicate-key.js";
import { Role } from "../tokens/role.js";
import type { Logger } from "../logger.js";
import mongoose from "mongoose";
import { UserModel } from "./user.model.js";
import { claimEmail, releaseEmail } from "./user-emails.js";

/** Development only: one account per role, so the API can be tried at once. Listed in the README. */
export const DEMO_PASSWORD = "tessera-demo";
export const DEMO_ACCOUNTS = [
  { email: "user@tessera.dev", displayName: "Uma User", roles: [Role.USER] },
  { email: "editor@tessera.dev", displayName: "Eddie Editor", roles: [Role.EDITOR] },
  { email: "admin@tessera.dev", displayName: "Ada Admin", roles: [Role.ADMIN] },
] as const;

/** Seeds the demo accounts into an empty database; concurrent starts race safely on the unique email. */
export async function seedDemoAccounts(logger: Logger): Promise<void> {
  if ((await UserModel.estimatedDocumentCount()) > 0) return;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const account of DEMO_ACCOUNTS) {
    // Claimed as sign-up claims it; a concurrent start that claimed it first seeds that account instead.
    const _id = new mongoose.Types.ObjectId();
    if (!(await claimEmail(account.email, _id))) continue;
    try {
      await UserModel.create({ _id, ...account, roles: [...account.roles], passwordHash });
    } catch (error) {
      await releaseEmail(account.email, _id);
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
  logger.info({ accounts: DEMO_ACCOUNTS.map((a) => a.email) }, "seeded demo accounts");
}
