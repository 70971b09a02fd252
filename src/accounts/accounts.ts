import mongoose from "mongoose";
import { isDuplicateKeyError } from "../db/duplicate-key.js";
import { z } from "zod";
import { ErrorCode, TesseraError } from "../errors.js";
import { normaliseEmail } from "../users/email.js";
import { updateUser } from "../users/update-user.js";
import { UserModel, type UserRecord } from "../users/user.model.js";
import { claimEmail, releaseEmail, userIdForEmail } from "../users/user-emails.js";
import { parseInput } from "../validation.js";
import { hashPassword, isAcceptablePassword, isTooLong, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, verifyAgainstDummyHash, verifyPassword } from "./passwords.js";
import { Role } from "../tokens/role.js";

const password = z.string().refine(isAcceptablePassword, `must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`);

const signUpSchema = z.object({
  email: z.string().transform(normaliseEmail).pipe(z.email("must be an email address").max(254)),
  password,
  displayName: z.string().trim().min(1, "must not be empty").max(80),
});

/** One error for unknown email, wrong password and disabled account, so none can be told apart. */
export function invalidCredentials(): TesseraError {
  return new TesseraError(ErrorCode.INVALID_CREDENTIALS, "Invalid email or password");
}

function emailTaken(): TesseraError {
  return new TesseraError(ErrorCode.EMAIL_TAKEN, "An account with this email already exists");
}

/**
 * The email is claimed first (an insert keyed by it), then the user is created under the id it was claimed for.
 * No transaction spans the two: a failed create gives the email back.
 */
export async function createAccount(input: unknown): Promise<UserRecord> {
  const { email, password: plain, displayName } = parseInput(signUpSchema, input);
  const passwordHash = await hashPassword(plain);
  const _id = new mongoose.Types.ObjectId();
  if (!(await claimEmail(email, _id))) throw emailTaken();
  try {
    const user = await UserModel.create({ _id, email, displayName, roles: [Role.USER], passwordHash });
    return user.toObject();
  } catch (error) {
    await releaseEmail(email, _id);
    if (isDuplicateKeyError(error)) throw emailTaken();
    throw error;
  }
}

/**
 * Checks a password. Unknown accounts verify against a dummy hash and
 * disabled ones are verified too, so all three failures take the same time.
 */
export async function authenticate(email: string, plain: string): Promise<UserRecord> {
  // Longer than any valid password: refuse without spending a hash on it.
  if (isTooLong(plain) || email.length > 254) throw invalidCredentials();
  // By primary key twice, never a scan: the email's entry, then its user.
  const userId = await userIdForEmail(email);
  const user = userId ? await UserModel.findById(userId).select("+passwordHash").lean() : null;
  // A linked user has no password here: it is refused like an unknown email, in the same time.
  const matches = user?.passwordHash ? await verifyPassword(user.passwordHash, plain) : await verifyAgainstDummyHash(plain);
  if (!user || !matches || user.disabled) throw invalidCredentials();
  return user;
}

export async function findActiveUser(id: mongoose.Types.ObjectId | string): Promise<UserRecord | null> {
  if (!mongoose.isValidObjectId(id)) return null;
  const user = await UserModel.findById(id).lean();
  return user && !user.disabled ? user : null;
}

/** Sets a new password; the caller revokes the user's older tokens. */
export async function changeAccountPassword(userId: string, current: string, next: string): Promise<UserRecord> {
  if (isTooLong(current)) throw invalidCredentials();
  const user = await UserModel.findById(userId).select("+passwordHash").lean();
  if (!user?.passwordHash || user.disabled || !(await verifyPassword(user.passwordHash, current))) throw invalidCredentials();
  const newPassword = parseInput(z.object({ newPassword: password }), { newPassword: next }).newPassword;
  const updated = await updateUser(user._id, { passwordHash: await hashPassword(newPassword) });
  if (!updated) throw invalidCredentials();
  return updated;
}
