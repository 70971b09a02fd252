import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { exportJWK, importJWK } from "jose";
import { loadConfig } from "../config.js";
import { loadEnvFile } from "../env-file.js";
import { writeKeyFile } from "../tokens/key-file.js";
import { generatePrivateJwk, keyFilePath } from "../tokens/keys.js";
import { rotateKeys } from "./rotate-keys.js";

const USAGE = `usage: npm run keys -- generate [--alg ES256|EdDSA] [--out FILE] [--force]
       npm run keys -- rotate [--wait SECONDS]`;

/**
 * `npm run keys -- generate`: a signing key in the key-file format JWT_KEYS_FILE reads (mode 0600), its public
 * JWK printed for whoever verifies tokens elsewhere. `rotate`: see rotate-keys.ts.
 */
loadEnvFile();
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    alg: { type: "string", default: "ES256" },
    out: { type: "string" },
    force: { type: "boolean", default: false },
    wait: { type: "string", default: "90" },
  },
});

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

/** Development's key file, or JWT_KEYS_FILE: where the configuration says keys live. */
function defaultKeyFile(alg: string): string {
  try {
    return keyFilePath(loadConfig({ ...process.env, JWT_ALG: alg }));
  } catch {
    fail("pass --out FILE: the configuration does not say where keys live");
  }
}

switch (positionals[0]) {
  case "generate": {
    const alg = values.alg;
    if (alg !== "ES256" && alg !== "EdDSA") fail(`--alg must be ES256 or EdDSA (an HS256 secret is not a key pair: use JWT_SECRET)`);
    const file = path.resolve(values.out ?? defaultKeyFile(alg));
    if (existsSync(file) && !values.force) fail(`${file} exists: rotate its keys with npm run keys -- rotate, or pass --force to replace it`);
    const privateJwk = await generatePrivateJwk(alg);
    writeKeyFile(file, { keys: [{ ...privateJwk, status: "active" }] });
    const { d: _private, ...publicJwk } = await exportJWK(await importJWK(privateJwk, alg, { extractable: true }));
    console.log(`wrote ${file} (mode 0600): start Tessera with JWT_KEYS_FILE=${file} JWT_ALG=${alg}`);
    console.log(`public key (kid ${privateJwk.kid}), also served at /.well-known/jwks.json:`);
    console.log(JSON.stringify({ ...publicJwk, kid: privateJwk.kid, alg, use: "sig" }));
    break;
  }
  case "rotate": {
    const waitSeconds = Number(values.wait);
    if (!Number.isFinite(waitSeconds) || waitSeconds < 0) fail("--wait takes a number of seconds");
    await rotateKeys(loadConfig(), waitSeconds);
    break;
  }
  default:
    fail(USAGE);
}
