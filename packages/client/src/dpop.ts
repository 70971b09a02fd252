import { payloadOf } from "./jwt-payload.js";

/**
 * DPoP (RFC 9449): the client's key pair, and the proofs it makes with it, on WebCrypto alone (browsers, and Node's
 * `crypto.subtle`). The private key is generated non-extractable: script can sign with it, never read it, so a
 * token bound to it is useless anywhere else.
 */

export interface ProofRequest {
  /** The HTTP method: POST for GraphQL over HTTP, GET for a WebSocket's upgrade. */
  method: string;
  /** The endpoint's URL (http or https, also for a WebSocket): what the server compares `htu` with. */
  url: string;
  /** The DPoP-bound access token the request carries: its hash goes in `ath`. */
  accessToken?: string;
}

export interface DpopSigner {
  /** A fresh proof for one request: a new `jti` each time, the latest server nonce if one was given. */
  proof(request: ProofRequest): Promise<string>;
  /** Remembers the server's nonce from a `DPoP-Nonce` response header, for the next proofs. */
  useNonce(nonce: string | null | undefined): void;
}

const encoder = new TextEncoder();

function base64url(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let binary = "";
  for (const byte of view) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

const json = (value: unknown) => base64url(encoder.encode(JSON.stringify(value)));

/** A new ES256 key pair whose private half can sign but never be exported. */
export function generateDpopKey(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign", "verify"]);
}

/** Proofs made with `keys`, an ES256 (P-256) pair such as generateDpopKey or browserDpopKey gives. */
export async function createDpopSigner(keys: CryptoKeyPair): Promise<DpopSigner> {
  const { kty, crv, x, y } = await crypto.subtle.exportKey("jwk", keys.publicKey);
  const header = json({ typ: "dpop+jwt", alg: "ES256", jwk: { kty, crv, x, y } });
  let nonce: string | undefined;
  return {
    async proof({ method, url, accessToken }) {
      const address = new URL(url);
      const claims: Record<string, unknown> = {
        jti: crypto.randomUUID(),
        htm: method,
        htu: `${address.origin}${address.pathname}`,
        iat: Math.floor(Date.now() / 1000),
      };
      if (accessToken !== undefined) claims.ath = base64url(await crypto.subtle.digest("SHA-256", encoder.encode(accessToken)));
      if (nonce !== undefined) claims.nonce = nonce;
      const signingInput = `${header}.${json(claims)}`;
      // WebCrypto's ECDSA signature is r || s, which is exactly JWS's ES256 form (RFC 7518 §3.4).
      const signature = await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, keys.privateKey, encoder.encode(signingInput));
      return `${signingInput}.${base64url(signature)}`;
    },
    useNonce(next) {
      if (next) nonce = next;
    },
  };
}

const DATABASE = "tessera-dpop";
const STORE = "keys";

function request<T>(operation: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    operation.onsuccess = () => resolve(operation.result);
    operation.onerror = () => reject(operation.error);
  });
}

/**
 * The browser's DPoP key: generated once, non-extractable, and kept in IndexedDB (which stores CryptoKey objects
 * as they are, without their bytes ever reaching script), so a reload keeps its binding. `name` separates apps
 * on one origin.
 */
export async function browserDpopKey(name = "default"): Promise<CryptoKeyPair> {
  const open = indexedDB.open(DATABASE, 1);
  open.onupgradeneeded = () => open.result.createObjectStore(STORE);
  const database = await request(open);
  try {
    const stored = await request(database.transaction(STORE).objectStore(STORE).get(name) as IDBRequest<CryptoKeyPair | undefined>);
    if (stored) return stored;
    const keys = await generateDpopKey();
    await request(database.transaction(STORE, "readwrite").objectStore(STORE).put(keys, name));
    return keys;
  } finally {
    database.close();
  }
}

/** Whether an access token is bound to a key (its `cnf.jkt`), and so is sent as `DPoP`, not `Bearer`. */
export function isDpopBound(accessToken: string): boolean {
  const cnf = payloadOf(accessToken)?.cnf as { jkt?: unknown } | undefined;
  return typeof cnf?.jkt === "string";
}

/** The Authorization value for a token: its scheme follows its binding. */
export function authorizationFor(accessToken: string): string {
  return `${isDpopBound(accessToken) ? "DPoP" : "Bearer"} ${accessToken}`;
}

/** Where a client sends its requests and proofs: the signer, and the GraphQL endpoint's http(s) URL. */
export interface DpopOptions {
  signer: DpopSigner;
  url: string;
}

/**
 * What an HTTP request carries for `accessToken`: Authorization in the scheme its binding calls for and, with DPoP,
 * a proof of the key for a POST to `dpop.url` (carrying the token's hash when the token is bound). A request with
 * no token carries the proof too, so that the tokens it may issue (signIn, signUp) are bound.
 */
export async function requestCredentials(accessToken: string | undefined, dpop: DpopOptions | undefined): Promise<{ authorization?: string; dpop?: string }> {
  const bound = accessToken !== undefined && isDpopBound(accessToken);
  return {
    ...(accessToken && { authorization: authorizationFor(accessToken) }),
    ...(dpop && { dpop: await dpop.signer.proof({ method: "POST", url: dpop.url, accessToken: bound ? accessToken : undefined }) }),
  };
}
