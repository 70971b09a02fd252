import path from "node:path";
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  importPKCS8,
  importSPKI,
  type CryptoKey,
  type JWK,
} from "jose";
import type { Config } from "../config.js";
import { ConfigError } from "../config.js";
import type { Logger } from "../logger.js";
import { keysInEffect, readKeyFile, writeKeyFile, type KeyFile } from "./key-file.js";

export type SigningAlgorithm = Config["jwt"]["algorithm"];

export interface VerificationKey {
  kid: string;
  alg: SigningAlgorithm;
  key: CryptoKey | Uint8Array;
}

export type SigningKey = VerificationKey;

/** The active signing key, every key accepted for verification (by exact kid), and the public JWKS. */
export interface KeySet {
  signing: SigningKey;
  verification: ReadonlyMap<string, VerificationKey>;
  jwks: { keys: JWK[] };
}

const MIN_HMAC_SECRET_BYTES = 32;
const PUBLIC_JWK_MEMBERS = ["kty", "crv", "x", "y", "n", "e"] as const;

function publicPart(jwk: JWK): JWK {
  const pub: JWK = {};
  for (const member of PUBLIC_JWK_MEMBERS) if (jwk[member] !== undefined) pub[member] = jwk[member];
  return pub;
}

async function withKid(jwk: JWK): Promise<JWK> {
  return { ...jwk, kid: jwk.kid ?? (await calculateJwkThumbprint(publicPart(jwk))) };
}

export async function generatePrivateJwk(alg: SigningAlgorithm): Promise<JWK> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  return withKid({ ...(await exportJWK(privateKey)), alg, use: "sig" });
}

/** Where file-based keys live: JWT_KEYS_FILE, or development's generated file in DATA_DIR. */
export function keyFilePath(config: Config): string {
  return config.jwt.keysFile ?? path.join(config.dataDir, "keys", `${config.jwt.algorithm.toLowerCase()}-signing-keys.json`);
}

/** Reads the key file; development creates it with one fresh key, so restarts do not log everyone out. */
async function readOrCreateKeyFile(config: Config): Promise<KeyFile> {
  const file = keyFilePath(config);
  const existing = readKeyFile(file);
  if (existing) return existing;
  if (config.isProduction) throw new ConfigError(`JWT_KEYS_FILE ${file} does not exist`);
  const created: KeyFile = { keys: [{ ...(await generatePrivateJwk(config.jwt.algorithm)), status: "active" }] };
  writeKeyFile(file, created);
  return created;
}
function parseJwkList(text: string, source: string): JWK[] {
  let parsed: JWK | JWK[] | { keys: JWK[] };
  try {
    parsed = JSON.parse(text) as JWK | JWK[] | { keys: JWK[] };
  } catch {
    throw new ConfigError(`${source} is neither JSON (a JWK, an array of JWKs or a JWKS) nor PEM (-----BEGIN PRIVATE KEY----- …)`);
  }
  if (Array.isArray(parsed)) return parsed;
  return "keys" in parsed && Array.isArray(parsed.keys) ? parsed.keys : [parsed as JWK];
}

/** The key type each algorithm signs with: a key of another type is named as such, not as an "unsupported alg". */
const KEY_TYPE: Record<Exclude<SigningAlgorithm, "HS256">, { kty: string; crv: string; words: string }> = {
  ES256: { kty: "EC", crv: "P-256", words: "an EC P-256 key" },
  EdDSA: { kty: "OKP", crv: "Ed25519", words: "an Ed25519 (OKP) key" },
};

function checkKeyType(jwk: JWK, alg: SigningAlgorithm, source: string): JWK {
  if (alg === "HS256") return jwk;
  const wanted = KEY_TYPE[alg];
  if (jwk.kty !== wanted.kty || jwk.crv !== wanted.crv) {
    const given = [jwk.kty ?? "no kty", jwk.crv].filter(Boolean).join(" ");
    throw new ConfigError(`${source} holds a key of type ${given}, but JWT_ALG=${alg} signs with ${wanted.words} (RSA keys are not supported: use ES256 or EdDSA)`);
  }
  if (jwk.alg !== undefined && jwk.alg !== alg) throw new ConfigError(`${source} holds a key for alg ${jwk.alg}, but JWT_ALG is ${alg}`);
  return jwk;
}

function pemBlocks(text: string): string[] {
  return text.match(/-----BEGIN [A-Z ]+-----[\s\S]+?-----END [A-Z ]+-----/g) ?? [];
}

async function asymmetricKeySet(privateJwks: JWK[], olderPublic: JWK[], alg: SigningAlgorithm): Promise<KeySet> {
  const [active, ...rest] = await Promise.all(privateJwks.map(withKid));
  if (!active?.d) throw new ConfigError("the signing key must be a private key");
  const accepted = [active, ...rest, ...(await Promise.all(olderPublic.map(withKid)))];
  const signing: SigningKey = { kid: active.kid!, alg, key: (await importJWK(active, alg)) as CryptoKey };
  const verifying = await Promise.all(
    accepted.map(async (jwk): Promise<VerificationKey> => ({ kid: jwk.kid!, alg, key: await importJWK(publicPart(jwk), alg) })),
  );
  return {
    signing,
    verification: new Map(verifying.map((k) => [k.kid, k])),
    jwks: { keys: accepted.map((jwk) => ({ ...publicPart(jwk), kid: jwk.kid, alg, use: "sig" })) },
  };
}

/** A PEM block as a JWK, or the reason it is not a key for `alg`. */
async function pemAsJwk(pem: string, alg: SigningAlgorithm, source: string, kind: "private" | "public"): Promise<JWK> {
  try {
    return await exportJWK(kind === "private" ? await importPKCS8(pem, alg, { extractable: true }) : await importSPKI(pem, alg, { extractable: true }));
  } catch {
    const format = kind === "private" ? "a PKCS#8 private key (-----BEGIN PRIVATE KEY-----)" : "an SPKI public key (-----BEGIN PUBLIC KEY-----)";
    throw new ConfigError(`${source} holds a PEM block that is not ${format} for JWT_ALG=${alg} (${KEY_TYPE[alg as Exclude<SigningAlgorithm, "HS256">].words})`);
  }
}

async function readPrivateKeys(text: string, alg: SigningAlgorithm): Promise<JWK[]> {
  const pems = pemBlocks(text);
  if (pems.length === 0) return parseJwkList(text, "JWT_SIGNING_KEY").map((jwk) => checkKeyType(jwk, alg, "JWT_SIGNING_KEY"));
  return Promise.all(pems.map((pem) => pemAsJwk(pem, alg, "JWT_SIGNING_KEY", "private")));
}

async function readPublicKeys(text: string | undefined, alg: SigningAlgorithm): Promise<JWK[]> {
  if (!text) return [];
  const pems = pemBlocks(text);
  if (pems.length === 0) return parseJwkList(text, "JWT_VERIFY_KEYS").map((jwk) => checkKeyType(jwk, alg, "JWT_VERIFY_KEYS"));
  return Promise.all(pems.map((pem) => pemAsJwk(pem, alg, "JWT_VERIFY_KEYS", "public")));
}

function hmacKeySet(secret: string): Promise<KeySet> {
  const bytes = /^[0-9a-f]+$/i.test(secret) ? Buffer.from(secret, "hex") : Buffer.from(secret, "base64url");
  if (bytes.length < MIN_HMAC_SECRET_BYTES) {
    throw new ConfigError(`JWT_SECRET must hold at least ${MIN_HMAC_SECRET_BYTES} random bytes (hex or base64url)`);
  }
  return calculateJwkThumbprint({ kty: "oct", k: bytes.toString("base64url") }).then((thumbprint) => {
    const key: SigningKey = { kid: `hs256-${thumbprint.slice(0, 16)}`, alg: "HS256", key: new Uint8Array(bytes) };
    // A shared secret is never published: the JWKS stays empty.
    return { signing: key, verification: new Map([[key.kid, key]]), jwks: { keys: [] } };
  });
}

export async function loadKeySet(config: Config): Promise<KeySet> {
  const { algorithm, secret, signingKey, verifyKeys } = config.jwt;
  try {
    if (algorithm === "HS256") return await hmacKeySet(secret!);
    const olderPublic = await readPublicKeys(verifyKeys, algorithm);
    if (signingKey) return await asymmetricKeySet(await readPrivateKeys(signingKey, algorithm), olderPublic, algorithm);
    const { active, verifyOnly } = keysInEffect(await readOrCreateKeyFile(config), Math.floor(Date.now() / 1000));
    const fromFile = [active, ...verifyOnly].map((jwk) => checkKeyType(jwk, algorithm, keyFilePath(config)));
    return await asymmetricKeySet(fromFile, olderPublic, algorithm);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`cannot load JWT keys: ${(error as Error).message}`);
  }
}

/** The keys in use now. File-based keys are re-read while running, so a rotation reaches every instance. */
export interface KeyRing {
  readonly current: KeySet;
  stop(): void;
}

export function staticKeyRing(keys: KeySet): KeyRing {
  return { current: keys, stop: () => {} };
}

export async function startKeyRing(config: Config, logger: Logger): Promise<KeyRing> {
  let current = await loadKeySet(config);
  if (config.jwt.algorithm === "HS256" || config.jwt.signingKey) return staticKeyRing(current);
  const fingerprint = (keys: KeySet) => [keys.signing.kid, ...keys.verification.keys()].join(",");
  let seen = fingerprint(current);
  const timer = setInterval(() => {
    loadKeySet(config)
      .then((next) => {
        if (fingerprint(next) === seen) return;
        seen = fingerprint(next);
        current = next;
        logger.info({ signing: next.signing.kid, accepted: [...next.verification.keys()] }, "signing keys reloaded");
      })
      .catch((error: unknown) => logger.warn({ err: error }, "cannot reload signing keys; keeping the current ones"));
  }, config.jwt.keysReloadMs);
  timer.unref();
  return {
    get current() {
      return current;
    },
    stop: () => clearInterval(timer),
  };
}
