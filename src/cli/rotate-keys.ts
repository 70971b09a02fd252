import { keysInEffect, readKeyFile, writeKeyFile, type KeyFile } from "../tokens/key-file.js";
import { generatePrivateJwk, keyFilePath } from "../tokens/keys.js";
import type { Config } from "../config.js";

/**
 * `npm run keys -- rotate [--wait SECONDS]` (or `npm run keys:rotate`): rotates the signing key of a key
 * file (development's, or JWT_KEYS_FILE) while instances keep serving.
 *   1. prepublishes a new key as `next`: every instance re-reads the file
 *      (JWT_KEYS_RELOAD_MS) and accepts and publishes it, signing nothing yet;
 *   2. waits, so instances and every JWKS cache (max-age 60 s) have it;
 *   3. makes it `active`, and retires the old key: it keeps verifying until
 *      every token it signed has expired (the longest access-token lifetime).
 */
export async function rotateKeys(config: Config, waitSeconds: number): Promise<void> {
  if (config.jwt.algorithm === "HS256" || config.jwt.signingKey) {
    console.error("keys:rotate works on a key file; with JWT_SIGNING_KEY or HS256, follow docs/running-at-scale.md, Key rotation");
    process.exit(1);
  }
  const file = keyFilePath(config);
  const now = () => Math.floor(Date.now() / 1000);
  const save = (keyFile: KeyFile) =>
    writeKeyFile(file, { keys: keyFile.keys.filter((key) => key.status !== "retired" || key.notAfter! > now()) });

  const keyFile = readKeyFile(file);
  if (!keyFile) {
    console.error(`no key file at ${file}: start Tessera once to create it, or set JWT_KEYS_FILE`);
    process.exit(1);
  }
  const next = keyFile.keys.find((key) => key.status === "next") ?? {
    ...(await generatePrivateJwk(config.jwt.algorithm)),
    status: "next" as const,
  };
  if (!keyFile.keys.includes(next)) keyFile.keys.push(next);
  save(keyFile);
  console.log(`prepublished ${next.kid}; activating it in ${waitSeconds} s`);
  await new Promise((resolve) => setTimeout(resolve, waitSeconds * 1000));

  const current = readKeyFile(file)!;
  const { active } = keysInEffect(current, now());
  const lifetime = config.jwt.maxTokenLifetimeSeconds;
  for (const key of current.keys) {
    if (key.kid === next.kid) key.status = "active";
    else if (key.kid === active.kid) Object.assign(key, { status: "retired", notAfter: now() + lifetime });
  }
  save(current);
  console.log(`${next.kid} signs now; ${active.kid} is retired and verifies until ${new Date((now() + lifetime) * 1000).toISOString()}`);
}
