import mongoose, { Schema } from "mongoose";

/**
 * Email -> user id, keyed by the normalised email. Finding an account by email is then an `_id` equality, which
 * MongoDB and FerretDB both answer from the primary key: FerretDB's SQLite backend pushes nothing else down, so a
 * find by the users' `email` field reads every user.
 */
const userEmailSchema = new Schema(
  {
    _id: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
  },
  { versionKey: false, strict: "throw" },
);

export const UserEmailModel = mongoose.model("UserEmail", userEmailSchema, "user_emails");
