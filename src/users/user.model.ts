import mongoose, { Schema, type InferSchemaType } from "mongoose";
import { PLANS } from "../tokens/custom-claims.js";
import { normaliseEmail } from "./email.js";
import { ALL_ROLES, Role } from "../tokens/role.js";

function isLocal(this: { linkedTo?: unknown }): boolean {
  return this.linkedTo === undefined;
}

const userSchema = new Schema(
  {
    /**
     * Stored normalised (normaliseEmail) so uniqueness is case-insensitive. A linked user may have none: its
     * provider sent none, or one that an account here holds already (it is never linked by email).
     */
    email: { type: String, required: isLocal, set: normaliseEmail, maxlength: 254 },
    displayName: { type: String, required: true, trim: true, maxlength: 80 },
    roles: { type: [{ type: String, enum: ALL_ROLES }], default: [Role.USER] },
    /** The user's subscription plan: the example custom claim (`plan`) in access tokens. */
    plan: { type: String, enum: PLANS, default: "free" },
    /** Local accounts only: a linked user signs in at its provider. */
    passwordHash: { type: String, required: isLocal, select: false },
    /** Set for a user linked to another provider's identity; its `_id` is derived from these (linkedUserId). */
    linkedTo: { type: new Schema({ issuer: String, subject: String }, { _id: false, strict: "throw" }), default: undefined },
    disabled: { type: Boolean, default: false },
    /** Access tokens issued before this instant are refused (revocation). */
    tokensValidAfter: { type: Date, default: () => new Date(0) },
    /**
     * Refresh-token families started up to this instant are revoked (signOut everywhere, a password change): one
     * write by `_id`, where marking each family would be a query by user, which FerretDB answers with a scan.
     */
    sessionsEndedAt: { type: Date, default: undefined },
  },
  { timestamps: true, strict: "throw" },
);

// Sparse: linked users without an email are not indexed, so any number of them can exist.
userSchema.index({ email: 1 }, { unique: true, sparse: true });

export type UserRecord = InferSchemaType<typeof userSchema> & { _id: mongoose.Types.ObjectId };

export const UserModel = mongoose.model("User", userSchema);
