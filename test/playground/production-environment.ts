import { exportJWK, generateKeyPair } from "jose";

/** What startTestServer needs on top of its defaults to run as NODE_ENV=production. */
export async function productionEnvironment(overrides: Record<string, string> = {}): Promise<Record<string, string>> {
  const { privateKey } = await generateKeyPair("ES256", { extractable: true });
  return {
    NODE_ENV: "production",
    JWT_SIGNING_KEY: JSON.stringify({ ...(await exportJWK(privateKey)), alg: "ES256" }),
    JWT_ISSUER: "https://tessera.test",
    ...overrides,
  };
}
