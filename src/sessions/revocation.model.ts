import mongoose, { Schema } from "mongoose";

/**
 * The users whose tokens were revoked within the longest token lifetime, one document each (`_id`: the user id).
 * What each instance resyncs from: a collection as small as the recent revocations, however many users there are,
 * where a query on the users' `tokensValidAfter` would read every user (FerretDB's SQLite backend pushes down
 * only `_id` equality). Each entry expires once every token it refuses has expired anyway.
 */
const revocationSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** Tokens of the user issued before this instant are refused. */
    validAfter: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false, strict: "throw" },
);
revocationSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export const RevocationModel = mongoose.model("Revocation", revocationSchema, "revocations");
