import DataLoader from "dataloader";
import mongoose from "mongoose";
import { UserModel, type UserRecord } from "./user.model.js";

/** Users by id, batched into one `find` per tick. Ids that are not ObjectIds load as null. */
export function createUserByIdLoader(): DataLoader<string, UserRecord | null> {
  return new DataLoader(async (ids) => {
    const valid = ids.filter((id) => mongoose.isObjectIdOrHexString(id));
    const users = valid.length ? await UserModel.find({ _id: mongoose.trusted({ $in: valid }) }).lean() : [];
    const byId = new Map(users.map((user) => [user._id.toString(), user as UserRecord]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}
