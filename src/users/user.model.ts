import mongoose, { Schema, type InferSchemaType } from "mongoose";
import { PLANS } from "../tokens/custom-claims.js";
import { normaliseEmail } from "./email.js";
import { ALL_ROLES, Role } from "../tokens/role.js";
import { stopAtDeadline } from "../db/query-deadline.js";

const userSchema = new Schema(
  {
    /** Stored normalised (normaliseEmail) so uniqueness is case-insensitive. */
    email: { type: String, required: true, set: normaliseEmail, maxlength: 254 },
    displayName: { type: String, required: true, trim: true, maxlength: 80 },
    roles: { type: [{ type: String, enum: ALL_ROLES }], default: [Role.USER] },
    /** The user's subscription plan: the example custom claim (`plan`) in access tokens. */
    plan: { type: String, enum: PLANS, default: "free" },
    passwordHash: { type: String, required: true, select: false },
    disabled: { type: Boolean, default: false },
    /** Access tokens issued before this instant are refused (revocation). */
    tokensValidAfter: { type: Date, default: () => new Date(0) },
  },
  { timestamps: true, strict: "throw" },
);

userSchema.index({ email: 1 }, { unique: true });

export type UserRecord = InferSchemaType<typeof userSchema> & { _id: mongoose.Types.ObjectId };

userSchema.plugin(stopAtDeadline);
export const UserModel = mongoose.model("User", userSchema);
