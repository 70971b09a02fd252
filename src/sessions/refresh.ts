import { createHash, randomBytes, randomUUID } from "node:crypto";
import { isDuplicateKeyError } from "../db/duplicate-key.js";
import mongoose from "mongoose";
import { UserModel } from "../users/user.model.js";
import { RefreshFamilyModel, RefreshTokenModel } from "./refresh-token.model.js";

/** 256 bits from the CSPRNG (OWASP: at least 64; RFC 6749 §10.10 wants them unguessable). */
const REFRESH_TOKEN_BYTES = 32;
/** Refresh tokens look nothing like a JWT, so neither can be mistaken for the other. */
const REFRESH_TOKEN = /^rt_[A-Za-z0-9_-]{43}$/;
export interface IssuedRefreshToken {
  token: string;
  expiresAt: Date;
  /** The DPoP key the family is bound to, if any: the access tokens issued with it are bound to the same key. */
  boundKey: string | undefined;
}

/** The caller learns only that it failed; why is for the logs. */
export class RefreshRejectedError extends Error {
  override name = "RefreshRejectedError";
  constructor(readonly detail: "missing" | "unknown" | "expired" | "revoked" | "reused" | "user-unavailable" | "key-not-proven") {
    super(`refresh token rejected: ${detail}`);
  }
}

function hashOf(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function newToken(): string {
  return "rt_" + randomBytes(REFRESH_TOKEN_BYTES).toString("base64url");
}

async function storeToken(familyId: string, userId: mongoose.Types.ObjectId, parentHash: string, expiresAt: Date) {
  const token = newToken();
  await RefreshTokenModel.create({ _id: hashOf(token), familyId, userId, parentHash, expiresAt });
  return token;
}

/** Starts a new family at sign-in, bound to the key of the sign-in's DPoP proof when there was one. */
export async function startRefreshFamily(userId: mongoose.Types.ObjectId, ttlSeconds: number, boundKey?: string): Promise<IssuedRefreshToken> {
  const familyId = randomUUID();
  const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
  await RefreshFamilyModel.create({ _id: familyId, userId, expiresAt, ...(boundKey && { boundKey }) });
  return { token: await storeToken(familyId, userId, `root:${familyId}`, expiresAt), expiresAt, boundKey };
}

/** By `_id` alone: the one filter FerretDB's SQLite backend answers without reading every family. */
export async function revokeFamily(familyId: string): Promise<void> {
  await RefreshFamilyModel.updateOne({ _id: familyId }, { $set: { revokedAt: new Date() } });
}

/** Revokes every family the user has started until now: one write to the user, however many families there are. */
export async function revokeAllFamilies(userId: mongoose.Types.ObjectId | string): Promise<void> {
  await UserModel.updateOne({ _id: userId }, { $set: { sessionsEndedAt: new Date() } });
}

/** What of a user decides whether its families live on: every session it had may have been ended since. */
interface SessionsOf {
  sessionsEndedAt?: Date | null;
}

/** A family started no later than the user's `sessionsEndedAt` was revoked with every other (revokeAllFamilies). */
function endedWithEverySession(family: { createdAt: Date }, user: SessionsOf | null): boolean {
  return !!user?.sessionsEndedAt && family.createdAt.getTime() <= user.sessionsEndedAt.getTime();
}

/**
 * Finds the family a presented token belongs to, unless it was revoked alone or expired. Whether the user ended
 * every session since is the caller's to check, with the user it reads anyway.
 */
async function liveFamilyOf(token: string) {
  if (!REFRESH_TOKEN.test(token)) throw new RefreshRejectedError("unknown");
  const hash = hashOf(token);
  const stored = await RefreshTokenModel.findById(hash).lean();
  if (!stored) throw new RefreshRejectedError("unknown");
  const family = await RefreshFamilyModel.findById(stored.familyId).lean();
  if (!family || family.revokedAt) throw new RefreshRejectedError("revoked");
  if (family.expiresAt.getTime() <= Date.now()) throw new RefreshRejectedError("expired");
  return { hash, family };
}

/**
 * Rotates a refresh token: exactly one successor can ever be inserted for a
 * token (unique `parentHash`), so of two concurrent refreshes one wins, and a
 * token presented again after rotation is reuse: its whole family is revoked
 * (OAuth 2.0 Security BCP, RFC 9700 §4.14.2).
 * `loadActiveUser` re-reads the user before anything is rotated, so
 * disabling and ending every session take effect here; it returns null for a
 * user who may not refresh.
 * A family bound to a DPoP key rotates only for a request that proved that key
 * (`proofKey`): a copied refresh token is useless without it, and refusing it
 * does not revoke the family, whose holder still has the key.
 */
export async function rotateRefreshToken<User extends SessionsOf>(
  token: string,
  loadActiveUser: (userId: mongoose.Types.ObjectId) => Promise<User | null>,
  proofKey: string | undefined,
): Promise<IssuedRefreshToken & { user: User }> {
  const { hash, family } = await liveFamilyOf(token);
  if (family.boundKey && family.boundKey !== proofKey) throw new RefreshRejectedError("key-not-proven");
  const user = await loadActiveUser(family.userId);
  if (!user) {
    await revokeFamily(family._id);
    throw new RefreshRejectedError("user-unavailable");
  }
  if (endedWithEverySession(family, user)) throw new RefreshRejectedError("revoked");
  try {
    const next = await storeToken(family._id, family.userId, hash, family.expiresAt);
    return { token: next, expiresAt: family.expiresAt, boundKey: family.boundKey ?? undefined, user };
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    await revokeFamily(family._id);
    throw new RefreshRejectedError("reused");
  }
}

/** Revokes the family of a presented token (signOut); returns false when the token is not live. */
export async function revokeFamilyOf(token: string): Promise<{ userId: mongoose.Types.ObjectId } | undefined> {
  try {
    const { family } = await liveFamilyOf(token);
    if (endedWithEverySession(family, await UserModel.findById(family.userId).select({ sessionsEndedAt: 1 }).lean())) return undefined;
    await revokeFamily(family._id);
    return { userId: family.userId };
  } catch (error) {
    if (error instanceof RefreshRejectedError) return undefined;
    throw error;
  }
}
