import { randomBytes } from "node:crypto";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from "jose";
import { ConfigError } from "../../src/config.js";
import { graphql, signIn, VIEWER } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

export default function jwks(): void {
  /** Members a private or symmetric JWK carries and a public one never may. */
  const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];
  const PUBLIC_MEMBERS = ["kty", "crv", "x", "y", "n", "e", "kid", "alg", "use", "key_ops"];

  async function fetchJwks(origin: string): Promise<{ status: number; headers: Headers; jwks: JSONWebKeySet }> {
    const response = await fetch(`${origin}/.well-known/jwks.json`);
    return { status: response.status, headers: response.headers, jwks: (await response.json()) as JSONWebKeySet };
  }

  /** Verifies with jose alone, from the published JWKS: nothing of Tessera's code is involved. */
  async function verifyIndependently(server: TestServer, token: string, algorithm: string) {
    const { jwks } = await fetchJwks(server.origin);
    return jwtVerify(token, createLocalJWKSet(jwks), {
      issuer: server.config.jwt.issuer,
      audience: server.config.jwt.audience,
      typ: "at+jwt",
      algorithms: [algorithm],
    });
  }

  describe("ES256 (the default)", () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer();
    });
    afterAll(() => server.stop());

    it("serves the JWKS as JSON with status 200", async () => {
      const { status, headers, jwks } = await fetchJwks(server.origin);
      expect(status).toBe(200);
      expect(headers.get("content-type")).toMatch(/^application\/json/);
      expect(jwks.keys.length).toBeGreaterThanOrEqual(1);
    });

    it("publishes only public members: no d or other private parameters", async () => {
      const { jwks } = await fetchJwks(server.origin);
      for (const key of jwks.keys) {
        for (const member of PRIVATE_MEMBERS) expect(key).not.toHaveProperty(member);
        for (const member of Object.keys(key)) expect(PUBLIC_MEMBERS).toContain(member);
      }
    });

    it("publishes a P-256 EC key for ES256 with a kid", async () => {
      const { jwks } = await fetchJwks(server.origin);
      expect(jwks.keys[0]).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256", use: "sig", kid: expect.any(String) });
    });

    it("lets clients cache it: Cache-Control carries a positive max-age", async () => {
      const { headers } = await fetchJwks(server.origin);
      const maxAge = /(?:^|[,\s])max-age=(\d+)/.exec(headers.get("cache-control") ?? "");
      expect(maxAge).not.toBeNull();
      expect(Number(maxAge![1])).toBeGreaterThan(0);
    });

    it("signs access tokens that verify against the JWKS with jose alone", async () => {
      const session = await signIn(server.url, "user@tessera.dev", "tessera-demo");
      const { payload, protectedHeader } = await verifyIndependently(server, session.accessToken, "ES256");
      expect(protectedHeader).toMatchObject({ alg: "ES256", typ: "at+jwt" });
      expect(payload.sub).toBe(session.user.id);
    });

    it("names the signing key's kid in the token header", async () => {
      const session = await signIn(server.url, "user@tessera.dev", "tessera-demo");
      const { jwks } = await fetchJwks(server.origin);
      expect(jwks.keys.map((k) => k.kid)).toContain(decodeProtectedHeader(session.accessToken).kid);
    });
  });

  describe("JWT_ALG=EdDSA", () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ JWT_ALG: "EdDSA" });
    });
    afterAll(() => server.stop());

    it("signs access tokens with alg EdDSA", async () => {
      const session = await signIn(server.url, "user@tessera.dev", "tessera-demo");
      expect(decodeProtectedHeader(session.accessToken)).toMatchObject({ alg: "EdDSA", typ: "at+jwt" });
    });

    it("publishes a public OKP Ed25519 key", async () => {
      const { jwks } = await fetchJwks(server.origin);
      expect(jwks.keys).toHaveLength(1);
      expect(jwks.keys[0]).toMatchObject({ kty: "OKP", crv: "Ed25519", alg: "EdDSA", x: expect.any(String) });
      expect(jwks.keys[0]).not.toHaveProperty("d");
    });

    it("signs access tokens that verify against the JWKS with jose alone", async () => {
      const session = await signIn(server.url, "user@tessera.dev", "tessera-demo");
      const { payload } = await verifyIndependently(server, session.accessToken, "EdDSA");
      expect(payload.sub).toBe(session.user.id);
    });

    it("accepts its own EdDSA access tokens", async () => {
      const session = await signIn(server.url, "user@tessera.dev", "tessera-demo");
      const response = await graphql(server.url, VIEWER, {}, { token: session.accessToken });
      expect(response.status).toBe(200);
      expect(response.body.data!.viewer.id).toBe(session.user.id);
    });
  });

  describe("JWT_ALG=HS256 with a 256-bit JWT_SECRET", () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ JWT_ALG: "HS256", JWT_SECRET: randomBytes(32).toString("hex") });
    });
    afterAll(() => server.stop());

    it("signs access tokens with alg HS256", async () => {
      const session = await signIn(server.url, "user@tessera.dev", "tessera-demo");
      expect(decodeProtectedHeader(session.accessToken)).toMatchObject({ alg: "HS256", typ: "at+jwt" });
    });

    it("accepts its own HS256 access tokens", async () => {
      const session = await signIn(server.url, "user@tessera.dev", "tessera-demo");
      const response = await graphql(server.url, VIEWER, {}, { token: session.accessToken });
      expect(response.status).toBe(200);
      expect(response.body.data!.viewer.id).toBe(session.user.id);
    });

    it("publishes an empty JWKS: the shared secret is never exposed", async () => {
      const { status, jwks } = await fetchJwks(server.origin);
      expect(status).toBe(200);
      expect(jwks).toEqual({ keys: [] });
    });
  });

  describe("HS256 misconfiguration", () => {
    /** Stops the server should one start after all, so a failing test does not leave it running. */
    const start = (env: Record<string, string>) =>
      startTestServer(env).then(async (started) => {
        await started.stop();
        return started;
      });

    it("refuses to start without JWT_SECRET", async () => {
      await expect(start({ JWT_ALG: "HS256" })).rejects.toBeInstanceOf(ConfigError);
    });

    it("refuses to start with a secret of 31 bytes (one short of 256 bits)", async () => {
      await expect(start({ JWT_ALG: "HS256", JWT_SECRET: randomBytes(31).toString("hex") })).rejects.toBeInstanceOf(ConfigError);
    });

    it("refuses to start with a short text secret", async () => {
      await expect(start({ JWT_ALG: "HS256", JWT_SECRET: "changeme" })).rejects.toBeInstanceOf(ConfigError);
    });
  });
}
