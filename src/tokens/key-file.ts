import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { JWK } from "jose";

/**
 * A private key file: development's generated keys, or JWT_KEYS_FILE in
 * production. Each key has a lifecycle, which rotation moves along:
 * `next` (published and accepted, not yet signing) → `active` (signing) →
 * `retired` (still accepted until `notAfter`, when every token it signed has
 * expired). A key with no status is treated as the file's first key was
 * before statuses existed: the first one signs.
 */
export type KeyStatus = "next" | "active" | "retired";

export interface StoredKey extends JWK {
  status?: KeyStatus;
  /** For a retired key: epoch seconds after which it is dropped. */
  notAfter?: number;
}

export interface KeyFile {
  keys: StoredKey[];
}

export function readKeyFile(file: string): KeyFile | undefined {
  if (!existsSync(file)) return undefined;
  chmodSync(file, 0o600);
  return JSON.parse(readFileSync(file, "utf8")) as KeyFile;
}

/** Written whole and renamed into place, so a reading instance never sees half a file. */
export function writeKeyFile(file: string, keyFile: KeyFile): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(keyFile, null, 2) + "\n", { mode: 0o600 });
  renameSync(temporary, file);
}

/** The signing key and the keys that only verify, as of `nowSeconds`. */
export function keysInEffect(keyFile: KeyFile, nowSeconds: number): { active: StoredKey; verifyOnly: StoredKey[] } {
  const live = keyFile.keys.filter((key) => key.status !== "retired" || (key.notAfter ?? 0) > nowSeconds);
  const active = live.find((key) => key.status === "active") ?? live.find((key) => key.status === undefined);
  if (!active) throw new Error("the key file has no active key");
  return { active, verifyOnly: live.filter((key) => key !== active) };
}
