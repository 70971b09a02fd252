import mongoose from "mongoose";
import { isDuplicateKeyError } from "../db/duplicate-key.js";
import { runOnce } from "../db/run-once.js";
import type { Logger } from "../logger.js";
import { normaliseEmail } from "./email.js";
import { UserEmailModel } from "./user-email.model.js";
import { UserModel } from "./user.model.js";

/** Reserves `email` for the user: false when another user holds it. The insert is the atomic step (unique `_id`). */
export async function claimEmail(email: string, userId: mongoose.Types.ObjectId | string): Promise<boolean> {
  try {
    await UserEmailModel.create({ _id: normaliseEmail(email), userId });
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}

/** Gives the email back, if this user holds it: after a sign-up that failed past its claim. */
export async function releaseEmail(email: string, userId: mongoose.Types.ObjectId | string): Promise<void> {
  await UserEmailModel.deleteOne({ _id: normaliseEmail(email), userId: new mongoose.Types.ObjectId(String(userId)) });
}

/** The id of the user holding `email`, by primary key. */
export async function userIdForEmail(email: string): Promise<mongoose.Types.ObjectId | undefined> {
  const found = await UserEmailModel.findById(normaliseEmail(email)).lean();
  return found?.userId;
}

/** Upgrading from a release without the email index: every user's email, once per database. */
export async function backfillUserEmails(logger: Logger): Promise<void> {
  await runOnce("user-emails", logger, async () => {
    let claimed = 0;
    for await (const user of UserModel.find({}, { email: 1 }).lean().cursor()) {
      if (user.email && (await claimEmail(user.email, user._id))) claimed++;
    }
    return claimed;
  });
}
