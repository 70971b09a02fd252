import type mongoose from "mongoose";
import { UserModel, type UserRecord } from "./user.model.js";

/**
 * Updates then reads back, rather than findByIdAndUpdate: the schema's
 * `select: false` on passwordHash becomes a findAndModify projection, which
 * FerretDB rejects as not implemented.
 */
export async function updateUser(id: mongoose.Types.ObjectId | string, changes: Record<string, unknown>): Promise<UserRecord | null> {
  const { matchedCount } = await UserModel.updateOne({ _id: id }, { $set: changes });
  return matchedCount === 1 ? UserModel.findById(id).lean<UserRecord>() : null;
}
