import { availableParallelism } from "node:os";
import { hash, verify, type Algorithm } from "@node-rs/argon2";
import pLimit from "p-limit";

// The package declares Algorithm as a const enum, which isolated modules cannot read at run time.
const ARGON2ID = 2 as Algorithm.Argon2id;

/** OWASP Password Storage Cheat Sheet minimum for argon2id: m=19 MiB, t=2, p=1. */
const ARGON2_OPTIONS = {
  algorithm: ARGON2ID,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

/** NIST SP 800-63B: at least 8, allow long passphrases, no composition rules. */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/** Length in characters (code points), so Unicode passwords are measured as people count them. */
export function passwordLength(password: string): number {
  return [...password].length;
}

/** Longer than any password we accept, so never worth a hash. */
export function isTooLong(password: string): boolean {
  // The UTF-16 length first: a 1 MB string is refused without iterating it.
  return password.length > PASSWORD_MAX_LENGTH * 2 || passwordLength(password) > PASSWORD_MAX_LENGTH;
}

export function isAcceptablePassword(password: string): boolean {
  return !isTooLong(password) && passwordLength(password) >= PASSWORD_MIN_LENGTH;
}

/**
 * Hashing runs on libuv's thread pool (4 threads), off the event loop, but it still needs a core: four
 * at once on a two-core machine starve the loop's thread (a 136 ms p99 delay in a signIn storm). One
 * core is kept for the loop; the rest of a storm waits its turn in this queue.
 */
const argon2Slots = pLimit(Math.max(1, availableParallelism() - 1));

export function hashPassword(password: string): Promise<string> {
  return argon2Slots(() => hash(password.normalize("NFC"), ARGON2_OPTIONS));
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await argon2Slots(() => verify(passwordHash, password.normalize("NFC")));
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Burns the same time as a real verification when the account does not
 * exist, so response timing does not reveal which emails are registered.
 */
export async function verifyAgainstDummyHash(password: string): Promise<false> {
  dummyHash ??= hashPassword("tessera-dummy-password-for-timing");
  await verifyPassword(await dummyHash, password);
  return false;
}
