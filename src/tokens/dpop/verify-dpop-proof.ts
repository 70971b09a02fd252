import { createHash } from "node:crypto";
import { calculateJwkThumbprint, decodeProtectedHeader, errors, importJWK, jwtVerify, type JWK } from "jose";
import { DpopProofError } from "./dpop-errors.js";
import type { DpopNonces } from "./dpop-nonces.js";
import type { ReplayStore } from "./replay-store.js";

/** Asymmetric only, and pinned (RFC 9449 §4.3 step 5): the algorithms our clients make proofs with. */
export const DPOP_ALGORITHMS = ["ES256", "EdDSA"] as const;

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const MAX_PROOF_BYTES = 4 * 1024;
/** The key types each algorithm takes: a proof's `jwk` must be one of them, public members only. */
const KEY_SHAPES = {
  ES256: { kty: "EC", crv: "P-256", members: ["kty", "crv", "x", "y"] },
  EdDSA: { kty: "OKP", crv: "Ed25519", members: ["kty", "crv", "x"] },
} as const;

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

function publicKeyOf(header: Record<string, unknown>): { jwk: JWK; alg: (typeof DPOP_ALGORITHMS)[number] } {
  const alg = header.alg as (typeof DPOP_ALGORITHMS)[number];
  if (!DPOP_ALGORITHMS.includes(alg)) throw new DpopProofError(`algorithm ${String(header.alg)} is not accepted`);
  const jwk = header.jwk as JWK | undefined;
  const shape = KEY_SHAPES[alg];
  if (typeof jwk !== "object" || jwk === null || Array.isArray(jwk)) throw new DpopProofError("no jwk header");
  if (jwk.kty !== shape.kty || jwk.crv !== shape.crv) throw new DpopProofError("the jwk is not a key for the algorithm");
  // A private key in the header is refused outright: whoever sent it has published it (§4.3 step 7).
  if ("d" in jwk) throw new DpopProofError("the jwk holds a private key");
  const publicOnly = Object.fromEntries(shape.members.map((member) => [member, jwk[member]])) as JWK;
  return { jwk: publicOnly, alg };
}

/**
 * Checks a DPoP proof as RFC 9449 §4.3 requires: a compact JWS of type `dpop+jwt`, signed with an accepted
 * asymmetric algorithm by the public key in its own `jwk` header; `htm` and `htu` name this request; `iat` is
 * recent; `ath` is the hash of the access token it comes with; the server's nonce when nonces are on; and its `jti`
 * has not been seen within the proof window. Returns the key's thumbprint.
 */
export function createDpopProofVerifier(options: DpopProofVerifierOptions): DpopProofVerifier {
  return async (proof, context) => {
    if (proof.length > MAX_PROOF_BYTES || !COMPACT_JWS.test(proof)) throw new DpopProofError("not a compact JWS");
    let header: Record<string, unknown>;
    try {
      header = decodeProtectedHeader(proof);
    } catch {
      throw new DpopProofError("the header does not decode");
    }
    if (header.typ !== "dpop+jwt") throw new DpopProofError("typ is not dpop+jwt");
    const { jwk, alg } = publicKeyOf(header);
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(proof, await importJWK(jwk, alg), { algorithms: [alg], typ: "dpop+jwt" }));
    } catch (error) {
      if (error instanceof errors.JOSEError) throw new DpopProofError(`${error.code}: ${error.message}`);
      throw error;
    }
    if (header.b64 !== undefined) throw new DpopProofError("b64 header parameter is not accepted");
    if (typeof payload.jti !== "string" || payload.jti.length === 0 || payload.jti.length > 256) throw new DpopProofError("no usable jti");
    if (payload.htm !== context.method) throw new DpopProofError("htm is not the request's method");
    if (comparableUrl(payload.htu) === undefined || comparableUrl(payload.htu) !== comparableUrl(context.url)) {
      throw new DpopProofError("htu is not the request's URL");
    }
    const now = Date.now() / 1000;
    const iat = payload.iat;
    if (typeof iat !== "number" || iat > now + options.clockToleranceSeconds || iat < now - options.maxAgeSeconds - options.clockToleranceSeconds) {
      throw new DpopProofError("iat is outside the accepted window");
    }
    if (context.accessToken !== undefined && payload.ath !== accessTokenHash(context.accessToken)) {
      throw new DpopProofError("ath is not the hash of the access token");
    }
    if (options.nonces && !options.nonces.accepts(payload.nonce)) throw new DpopProofError("no valid server nonce", true);
    const jkt = await calculateJwkThumbprint(jwk, "sha256");
    const ttlMs = (options.maxAgeSeconds + 2 * options.clockToleranceSeconds) * 1000;
    if (!(await options.replay.claim(createHash("sha256").update(`${jkt}.${payload.jti}`).digest("base64url"), ttlMs))) {
      throw new DpopProofError("jti was used before");
    }
    return { jkt };
  };
}
