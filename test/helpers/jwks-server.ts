import { generateKeyPairSync, randomUUID, type KeyObject } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, SignJWT, type JWK, type JWTPayload } from "jose";

interface SigningKey {
  privateKey: KeyObject;
  jwk: JWK;
}

/**
 * A provider as the verifier sees one: an issuer whose keys are served from a JWKS URI on loopback, with tokens
 * minted here. It counts the fetches of its key set, and can go down (every connection dropped) and come back.
 */
export interface LocalIssuer {
  issuer: string;
  jwksUri: string;
  readonly fetches: number;
  /** Publishes a new RS256 key (a rotation) and returns its kid. */
  rotate(): Promise<string>;
  /** Signs with the newest key, or the one named; `kid` overrides the header only. */
  sign(payload: JWTPayload, options?: { kid?: string; key?: string; alg?: string; typ?: string }): Promise<string>;
  down(): void;
  up(): void;
  stop(): Promise<void>;
}

const now = () => Math.floor(Date.now() / 1000);

export async function startLocalIssuer(audience: string): Promise<LocalIssuer> {
  const keys = new Map<string, SigningKey>();
  let newest = "";
  let fetches = 0;
  let isDown = false;
  const rotate = async () => {
    const kid = randomUUID();
    // A KeyObject, not a CryptoKey: it signs with any RSA algorithm, so a test can misuse it as PS256.
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    keys.set(kid, { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" } });
    newest = kid;
    return kid;
  };
  await rotate();
  const server = createServer((request, response) => {
    if (isDown) return void request.socket.destroy();
    fetches++;
    const body = JSON.stringify({ keys: [...keys.values()].map((key) => key.jwk) });
    response.writeHead(200, { "content-type": "application/json", "cache-control": "max-age=300" }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = `${origin}/local`;
  return {
    issuer,
    jwksUri: `${origin}/jwks`,
    get fetches() {
      return fetches;
    },
    rotate,
    sign(payload, options = {}) {
      const key = keys.get(options.key ?? newest)!;
      return new SignJWT({ iss: issuer, aud: audience, iat: now(), exp: now() + 300, ...payload })
        .setProtectedHeader({ alg: options.alg ?? "RS256", kid: options.kid ?? key.jwk.kid!, typ: options.typ ?? "JWT" })
        .sign(key.privateKey);
    },
    down: () => (isDown = true),
    up: () => (isDown = false),
    stop: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
