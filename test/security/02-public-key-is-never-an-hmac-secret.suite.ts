import { createPublicKey } from "node:crypto";
import { exportSPKI, importJWK, jwtVerify, type CryptoKey } from "jose";
import { graphql, signIn, VIEWER } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { validClaims } from "../helpers/tokens.js";
import { expectInvalidToken } from "./expect-rejected.js";
import { hs256, serverKid, serverPublicJwk } from "./forge.js";

export default function publicKeyIsNeverAnHmacSecret(): void {
  let server: TestServer;
  let sub: string;
  /** Every form of the server's public key an attacker can get hold of, each used as an HMAC secret. */
  let secrets: Array<[string, string | Uint8Array]>;

  beforeAll(async () => {
    server = await startTestServer();
    sub = (await signIn(server.url, "user@tessera.dev", "tessera-demo")).user.id;
    const publicJwk = serverPublicJwk(server.config);
    const pem = await exportSPKI((await importJWK(publicJwk, "ES256", { extractable: true })) as CryptoKey);
    const jwksText = await (await fetch(`${server.origin}/.well-known/jwks.json`)).text();
    const published = (JSON.parse(jwksText) as { keys: Array<Record<string, unknown>> }).keys[0]!;
    secrets = [
      ["PEM", pem],
      ["PEM, trimmed", pem.trim()],
      ["PEM with a leading newline", `\n${pem}`],
      ["PEM with leading spaces", `   ${pem}`],
      ["PEM with CRLF line ends", pem.replace(/\n/g, "\r\n")],
      ["DER (SPKI)", new Uint8Array(createPublicKey(pem).export({ type: "spki", format: "der" }))],
      ["JWK JSON, public members", JSON.stringify(publicJwk)],
      ["JWK JSON, as published in the JWKS", JSON.stringify(published)],
      ["the whole JWKS document", jwksText],
    ];
  });
  afterAll(() => server.stop());

  const ask = (token: string) => graphql(server.url, VIEWER, {}, { token });

  it("2: (control) each forged token is a correct HS256 MAC under its secret", async () => {
    for (const [, secret] of secrets) {
      const token = hs256(secret, { kid: serverKid(server.config) }, validClaims(server.config, sub));
      const key = typeof secret === "string" ? new TextEncoder().encode(secret) : secret;
      await expect(jwtVerify(token, key, { algorithms: ["HS256"] })).resolves.toBeDefined();
    }
  });

  it("2: rejects HS256 tokens keyed with the server's public key as PEM, padded PEM, DER or JWK JSON", async () => {
    for (const [label, secret] of secrets) {
      for (const header of [{ kid: serverKid(server.config) }, {}]) {
        const token = hs256(secret, header, validClaims(server.config, sub, { roles: ["ADMIN"] }));
        const response = await ask(token);
        try {
          expectInvalidToken(response);
        } catch (error) {
          throw new Error(`HS256 keyed with ${label} was not refused as required: ${(error as Error).message}`);
        }
      }
    }
  });
}
