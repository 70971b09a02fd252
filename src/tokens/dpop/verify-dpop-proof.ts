import { createHash, createPublicKey, verify, type KeyObject } from "node:crypto";
import { LRUCache } from "lru-cache";
import { DpopProofError } from "./dpop-errors.js";
import type { DpopNonces } from "./dpop-nonces.js";
import type { ReplayStore } from "./replay-store.js";

/** Asymmetric only, and pinned (RFC 9449 §4.3 step 5): the algorithms our clients make proofs with. */
export const DPOP_ALGORITHMS = ["ES256", "EdDSA"] as const;
type DpopAlgorithm = (typeof DPOP_ALGORITHMS)[number];

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const MAX_PROOF_BYTES = 4 * 1024;
/**
 * The key type each algorithm takes, and its public members in RFC 7638's (lexicographic) order: a proof's `jwk`
 * is read for these alone, and its thumbprint is their SHA-256.
 */
const KEY_SHAPES = {
  ES256: { kty: "EC", crv: "P-256", members: ["crv", "kty", "x", "y"] },
  EdDSA: { kty: "OKP", crv: "Ed25519", members: ["crv", "kty", "x"] },
} as const;
/** Both algorithms' signatures are 64 bytes: r || s for ES256 (RFC 7518 §3.4), R || S for Ed25519. */
const SIGNATURE_BYTES = 64;

/** What the request a proof came with says: the proof must name the same method and URL. */
export interface ProofContext {
  method: string;
  /** The request's URL as the client addressed it (the configured public URL, behind a proxy). */
  url: string;
  /** The access token the proof is presented with: its hash must be the proof's `ath`. */
  accessToken?: string;
}

export interface DpopProofVerifierOptions {
  /** How old a proof's `iat` may be, and how long its `jti` is remembered. */
  maxAgeSeconds: number;
  clockToleranceSeconds: number;
  replay: ReplayStore;
  /** Set when the server requires its nonces in proofs. */
  nonces?: DpopNonces;
}

/** The proof's key, by its RFC 7638 thumbprint: what `cnf.jkt` binds a token to. */
export type DpopProofVerifier = (proof: string, context: ProofContext) => Promise<{ jkt: string }>;

/** RFC 9449 §4.3 step 9: compared without query and fragment, scheme and host case-insensitively. */
function comparableUrl(text: unknown): string | undefined {
  const url = typeof text === "string" ? URL.parse(text) : null;
  return url ? `${url.protocol}//${url.host}${url.pathname}` : undefined;
}

export const accessTokenHash = (token: string) => createHash("sha256").update(token).digest("base64url");

/** The signature check on libuv's thread pool, so the event loop serves other requests meanwhile. */
function verifyOffThread(alg: DpopAlgorithm, signed: Buffer, key: KeyObject, signature: Buffer): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (error: Error | null, valid: boolean) => resolve(!error && valid);
    if (alg === "ES256") verify("sha256", signed, { key, dsaEncoding: "ieee-p1363" }, signature, done);
    else verify(null, signed, key, signature, done);
  });
}

function decodeJson(segment: string): Record<string, unknown> {
  try {
    const value = JSON.parse(Buffer.from(segment, "base64url").toString("utf8")) as unknown;
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // refused below
  }
  throw new DpopProofError("a segment is not a JSON object");
}

/** The proof's public key, as RFC 7638 canonical JSON of its required members: what its thumbprint hashes. */
function canonicalKeyOf(header: Record<string, unknown>): { alg: DpopAlgorithm; canonical: string; jwk: Record<string, string> } {
  const alg = header.alg as DpopAlgorithm;
  if (!DPOP_ALGORITHMS.includes(alg)) throw new DpopProofError(`algorithm ${String(header.alg)} is not accepted`);
  const jwk = header.jwk as Record<string, unknown> | undefined;
  if (typeof jwk !== "object" || jwk === null || Array.isArray(jwk)) throw new DpopProofError("no jwk header");
  const shape = KEY_SHAPES[alg];
  if (jwk.kty !== shape.kty || jwk.crv !== shape.crv) throw new DpopProofError("the jwk is not a key for the algorithm");
  // A private key in the header is refused outright: whoever sent it has published it (§4.3 step 7).
  if ("d" in jwk) throw new DpopProofError("the jwk holds a private key");
  const members: Record<string, string> = {};
  for (const member of shape.members) {
    if (typeof jwk[member] !== "string") throw new DpopProofError(`the jwk has no ${member}`);
    members[member] = jwk[member];
  }
  return { alg, canonical: JSON.stringify(members), jwk: members };
}

/**
 * Checks a DPoP proof as RFC 9449 §4.3 requires: a compact JWS of type `dpop+jwt`, signed with an accepted
 * asymmetric algorithm by the public key in its own `jwk` header (checked with node:crypto directly: one proof per
 * request is the whole of DPoP's cost, and jose's WebCrypto path took twice as long); `htm` and `htu` name this
 * request; `iat` is
 * recent; `ath` is the hash of the access token it comes with; the server's nonce when nonces are on; and its `jti`
 * has not been seen within the proof window. Returns the key's thumbprint.
 */
export function createDpopProofVerifier(options: DpopProofVerifierOptions): DpopProofVerifier {
  // Importing a key costs more than checking a signature with it (measured: 68 µs against 63 µs for ES256), and a
  // client proves the same key on every request. Keyed by thumbprint, which hashes exactly what the key is made of.
  const keys = new LRUCache<string, KeyObject>({ max: 10_000 });

  return async (proof, context) => {
    if (proof.length > MAX_PROOF_BYTES || !COMPACT_JWS.test(proof)) throw new DpopProofError("not a compact JWS");
    const [encodedHeader, encodedPayload, encodedSignature] = proof.split(".") as [string, string, string];
    const header = decodeJson(encodedHeader);
    if (header.typ !== "dpop+jwt") throw new DpopProofError("typ is not dpop+jwt");
    // Nothing we must understand may be smuggled in: no critical extensions, no unencoded payload (RFC 7797).
    if (header.crit !== undefined || header.b64 !== undefined) throw new DpopProofError("crit and b64 are not accepted");
    const { alg, canonical, jwk } = canonicalKeyOf(header);
    const jkt = createHash("sha256").update(canonical).digest("base64url");
    let key = keys.get(jkt);
    if (!key) {
      try {
        // OpenSSL checks that the point is on the curve.
        key = createPublicKey({ key: jwk, format: "jwk" });
      } catch {
        throw new DpopProofError("the jwk is not a valid public key");
      }
      keys.set(jkt, key);
    }
    const signature = Buffer.from(encodedSignature, "base64url");
    const signed = Buffer.from(`${encodedHeader}.${encodedPayload}`);
    const valid = signature.length === SIGNATURE_BYTES && (await verifyOffThread(alg, signed, key, signature));
    if (!valid) throw new DpopProofError("the signature does not verify");

    const payload = decodeJson(encodedPayload);
    if (typeof payload.jti !== "string" || payload.jti.length === 0 || payload.jti.length > 256) throw new DpopProofError("no usable jti");
    if (payload.htm !== context.method) throw new DpopProofError("htm is not the request's method");
    // The usual case is the very string the server expects; anything else is compared as RFC 9449 §4.3 says.
    const htu = payload.htu === context.url ? context.url : comparableUrl(payload.htu);
    if (htu === undefined || (htu !== context.url && htu !== comparableUrl(context.url))) throw new DpopProofError("htu is not the request's URL");
    const now = Date.now() / 1000;
    const iat = payload.iat;
    if (typeof iat !== "number" || iat > now + options.clockToleranceSeconds || iat < now - options.maxAgeSeconds - options.clockToleranceSeconds) {
      throw new DpopProofError("iat is outside the accepted window");
    }
    if (context.accessToken !== undefined && payload.ath !== accessTokenHash(context.accessToken)) {
      throw new DpopProofError("ath is not the hash of the access token");
    }
    if (options.nonces && !options.nonces.accepts(payload.nonce)) throw new DpopProofError("no valid server nonce", true);
    const ttlMs = (options.maxAgeSeconds + 2 * options.clockToleranceSeconds) * 1000;
    if (!(await options.replay.claim(`${jkt}.${payload.jti}`, ttlMs))) {
      throw new DpopProofError("jti was used before");
    }
    return { jkt };
  };
}
