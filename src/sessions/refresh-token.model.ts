import mongoose, { Schema } from "mongoose";

/**
 * One sign-in's chain of refresh tokens. Revoking the family kills every
 * token in the chain, which is what reuse detection and signOut do. Ending
 * every session of a user revokes the families started before it
 * (the user's `sessionsEndedAt`), each read by `_id` only.
 */
const refreshFamilySchema = new Schema(
  {
    _id: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    /** Absolute expiry of the whole family: rotation never extends it. */
    expiresAt: { type: Date, required: true },
    revokedAt: { type: Date, default: null },
    /** RFC 9449 §5: the DPoP key the family is bound to (its thumbprint); every refresh must prove it. */
    boundKey: { type: String, default: undefined },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);
refreshFamilySchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

/**
 * A refresh token, stored only as its SHA-256. `parentHash` is unique: the
 * insert of a token's one successor is the atomic "rotate once" step, which
 * both MongoDB and FerretDB serve without transactions (FerretDB's SQLite
 * backend does not make conditional updates atomic; unique inserts are).
 */
const refreshTokenSchema = new Schema(
  {
    _id: { type: String, required: true },
    familyId: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    /** The hash of the token this one replaced, or `root:<familyId>` for a sign-in. */
    parentHash: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);
refreshTokenSchema.index({ parentHash: 1 }, { unique: true });
refreshTokenSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export const RefreshFamilyModel = mongoose.model("RefreshFamily", refreshFamilySchema);
export const RefreshTokenModel = mongoose.model("RefreshToken", refreshTokenSchema);
