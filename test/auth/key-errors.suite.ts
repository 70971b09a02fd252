import { exportJWK, exportPKCS8, generateKeyPair } from "jose";
import { loadConfig } from "../../src/config.js";
import { loadKeySet } from "../../src/tokens/keys.js";

// Issue 16: a signing key that cannot be used says why, in one line: not JSON nor PEM, a key of the wrong type
// (an RSA JWK with no `alg` used to fail as "Invalid or unsupported JWK alg"), or a PEM of the wrong kind.
export default function keyErrors(): void {
  const configWith = (env: Record<string, string>) => loadConfig({ NODE_ENV: "test", DATA_DIR: process.env.TESSERA_TEST_DIR!, ...env });

  it("names both accepted formats when the key is neither JSON nor PEM", async () => {
    await expect(loadKeySet(configWith({ JWT_SIGNING_KEY: "garbage" }))).rejects.toThrow(
      "JWT_SIGNING_KEY is neither JSON (a JWK, an array of JWKs or a JWKS) nor PEM (-----BEGIN PRIVATE KEY----- …)",
    );
  });

  it("names an RSA key as such, and the key types that are supported", async () => {
    const { privateKey } = await generateKeyPair("RS256", { extractable: true });
    const { alg: _alg, ...rsaJwkWithoutAlg } = await exportJWK(privateKey);
    await expect(loadKeySet(configWith({ JWT_SIGNING_KEY: JSON.stringify(rsaJwkWithoutAlg) }))).rejects.toThrow(
      "JWT_SIGNING_KEY holds a key of type RSA, but JWT_ALG=ES256 signs with an EC P-256 key (RSA keys are not supported: use ES256 or EdDSA)",
    );
  });

  it("names a key of the other supported algorithm, and a PEM block of the wrong kind", async () => {
    const ed = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
    await expect(loadKeySet(configWith({ JWT_SIGNING_KEY: JSON.stringify(await exportJWK(ed.privateKey)) }))).rejects.toThrow(
      "JWT_SIGNING_KEY holds a key of type OKP Ed25519, but JWT_ALG=ES256 signs with an EC P-256 key",
    );
    await expect(loadKeySet(configWith({ JWT_SIGNING_KEY: await exportPKCS8(ed.privateKey) }))).rejects.toThrow(
      "JWT_SIGNING_KEY holds a PEM block that is not a PKCS#8 private key (-----BEGIN PRIVATE KEY-----) for JWT_ALG=ES256 (an EC P-256 key)",
    );
  });

  it("still loads a good key, as JWK or PEM", async () => {
    const { privateKey } = await generateKeyPair("ES256", { extractable: true });
    for (const key of [JSON.stringify(await exportJWK(privateKey)), await exportPKCS8(privateKey)]) {
      expect((await loadKeySet(configWith({ JWT_SIGNING_KEY: key }))).signing.alg).toBe("ES256");
    }
  });
}
