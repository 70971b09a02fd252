import DataLoader from "dataloader";
import mongoose from "mongoose";
import { UserModel, type UserRecord } from "./user.model.js";

/**
 * Users by id, each by `_id` equality: the one lookup FerretDB's SQLite backend pushes down (a batched `$in` read
 * the whole collection there), and MongoDB serves from its primary key. Ids that are not ObjectIds load as null.
 */
export function createUserByIdLoader(): DataLoader<string, UserRecord | null> {
  return new DataLoader(async (ids) =>
    Promise.all(ids.map((id) => (mongoose.isObjectIdOrHexString(id) ? UserModel.findById(id).lean<UserRecord>().exec() : null))),
  );
}
