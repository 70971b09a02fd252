import {
  calculateJwkThumbprint,
  createLocalJWKSet,
  decodeJwt,
  exportJWK,
  exportPKCS8,
  generateKeyPair,
  jwtVerify,
  type CryptoKey,
  type JWK,
  type JSONWebKeySet,
} from "jose";
import mongoose from "mongoose";
import { graphql, SIGN_IN, signUp } from "../helpers/graphql.js";
import { failedStart, freshDataDir, startApi, type ApiProcess } from "../helpers/process.js";
import { freshDatabaseUri, startTestServer, type TestServer } from "../helpers/server.js";

// Catalogue 28, and the rest of what NODE_ENV=production must change: the built API
// (`node dist/src/index.js`) runs as its own process, configured only through its environment,
// as it would be deployed. A development server in this process is the control: the same request
// there shows what production must not (a "Did you mean" hint, the landing page).
export default function productionMode(): void {
  const ISSUER = "https://tessera.test";
  const AUDIENCE = "tessera";

  interface Production {
    api: ApiProcess;
    url: string;
    databaseUri: string;
  }

  let privateJwk: JWK;
  let publicJwk: JWK;
  let production: Production;
  let development: TestServer;
  const started: ApiProcess[] = [];

  async function newKeyPair() {
    return generateKeyPair("ES256", { extractable: true });
  }

  function productionEnvironment(overrides: Record<string, string> = {}): Record<string, string> {
    return {
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      MONGODB_URI: freshDatabaseUri(),
      JWT_SIGNING_KEY: JSON.stringify(privateJwk),
      JWT_ISSUER: ISSUER,
      DATA_DIR: freshDataDir(),
      ...overrides,
    };
  }

  async function startProduction(overrides: Record<string, string> = {}): Promise<Production> {
    const env = productionEnvironment(overrides);
    const api = await startApi(env);
    started.push(api);
    return { api, url: `${api.origin}/graphql`, databaseUri: env.MONGODB_URI! };
  }

  beforeAll(async () => {
    const { privateKey, publicKey } = await newKeyPair();
    privateJwk = { ...(await exportJWK(privateKey)), alg: "ES256" };
    publicJwk = await exportJWK(publicKey);
    // Asked to seed demo accounts: production must refuse to, whatever it is told.
    [production, development] = await Promise.all([startProduction({ SEED_DEMO_ACCOUNTS: "true" }), startTestServer()]);
  });
  afterAll(async () => {
    await Promise.all(started.map((api) => api.stop()));
    await development?.stop();
  });

  const getGraphql = (url: string, headers: Record<string, string>, query?: string) =>
    fetch(query === undefined ? url : `${url}?query=${encodeURIComponent(query)}`, { headers });

  describe("the GraphQL endpoint", () => {
    it("28: rejects __schema introspection", async () => {
      const response = await graphql(production.url, "{ __schema { types { name } } }");
      expect(response.status).toBe(400);
      expect(response.body.data).toBeUndefined();
      expect(response.body.errors).toEqual([
        expect.objectContaining({ extensions: expect.objectContaining({ code: "GRAPHQL_VALIDATION_FAILED", validationErrorCode: "INTROSPECTION_DISABLED" }) }),
      ]);
      // (control) development answers it
      expect((await graphql(development.url, "{ __schema { types { name } } }")).body.data?.__schema.types).toContainEqual({ name: "Post" });
    });

    it("28: rejects __type introspection", async () => {
      const response = await graphql(production.url, '{ __type(name: "User") { fields { name } } }');
      expect(response.status).toBe(400);
      expect(response.body.errors![0]!.extensions).toEqual(expect.objectContaining({ validationErrorCode: "INTROSPECTION_DISABLED" }));
      expect(JSON.stringify(response.body)).not.toMatch(/displayName/);
    });

    it("28: gives a misspelt field no 'Did you mean' hint", async () => {
      const query = "{ postz { id } }";
      const response = await graphql(production.url, query);
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ message: 'Cannot query field "postz" on type "Query".' })]);
      // (control) development names the real fields
      expect((await graphql(development.url, query)).body.errors![0]!.message).toMatch(/Did you mean "post" or "posts"\?/);
    });

    it("28: gives a misspelt argument or enum value no hint either", async () => {
      for (const query of ["{ posts(frist: 1) { edges { cursor } } }", "{ posts(status: PUBLISHD) { edges { cursor } } }"]) {
        const response = await graphql(production.url, query);
        expect(response.status).toBe(400);
        expect(JSON.stringify(response.body)).not.toMatch(/Did you mean|first|PUBLISHED/);
        expect((await graphql(development.url, query)).body.errors![0]!.message).toMatch(/Did you mean/);
      }
    });

    it("28: serves no landing page or playground to a browser (GET, Accept: text/html)", async () => {
      const browser = { accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" };
      for (const headers of [browser, { ...browser, "apollo-require-preflight": "true" }]) {
        const response = await getGraphql(production.url, headers);
        const body = await response.text();
        expect(response.status).toBe(400);
        expect(response.headers.get("content-type")).toMatch(/^application\/json/);
        expect(body).not.toMatch(/<html|<!doctype|<script|apollographql\.com|sandbox|playground|graphiql/i);
      }
      // (control) development serves its landing page to the same request
      const control = await getGraphql(development.url, browser);
      expect({ status: control.status, type: control.headers.get("content-type") }).toEqual({ status: 200, type: "text/html" });
    });

    it("28: masks an unexpected resolver error as a generic INTERNAL_SERVER_ERROR", async () => {
      // A real inconsistency, written straight into production's database: a published post whose author does not exist.
      const connection = await mongoose.createConnection(production.databaseUri).asPromise();
      const authorId = new mongoose.Types.ObjectId();
      try {
        const now = new Date();
        await connection.collection("posts").insertOne({ title: "Orphan", body: "No author", status: "PUBLISHED", authorId, reviewNotes: null, publishedAt: now, createdAt: now, updatedAt: now });
      } finally {
        await connection.close();
      }
      const response = await graphql(production.url, "{ posts(first: 1) { edges { node { title author { displayName } } } } }");
      expect(response.status).toBe(200);
      expect(response.body.errors).toEqual([
        { message: "Internal server error", path: ["posts", "edges", 0, "node", "author"], locations: expect.any(Array), extensions: { code: "INTERNAL_SERVER_ERROR" } },
      ]);
      expect(JSON.stringify(response.body)).not.toContain(authorId.toString());
      expect(JSON.stringify(response.body)).not.toMatch(/no author|stack|\.ts:|\.js:/);
    });

    it("28: keeps CSRF prevention on: a text/plain POST is refused with 400", async () => {
      const response = await fetch(production.url, { method: "POST", headers: { "content-type": "text/plain" }, body: JSON.stringify({ query: "{ __typename }" }) });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ errors: [{ message: expect.stringMatching(/Cross-Site Request Forgery/), extensions: { code: "BAD_REQUEST" } }] });
      // (control) the same body as application/json is answered
      expect((await graphql(production.url, "{ __typename }")).body).toEqual({ data: { __typename: "Query" } });
    });

    it("28: sends secure headers: nosniff, HSTS, a content security policy that forbids framing by others", async () => {
      const response = await graphql(production.url, "{ __typename }");
      const header = (name: string) => response.headers.get(name);
      expect(header("x-content-type-options")).toBe("nosniff");
      expect(header("strict-transport-security")).toMatch(/max-age=\d{7,}/);
      expect(header("content-security-policy")).toMatch(/default-src 'self'/);
      expect(header("content-security-policy")).toMatch(/frame-ancestors '(self|none)'/);
      expect(header("x-frame-options")).toMatch(/^(SAMEORIGIN|DENY)$/);
      expect(header("x-powered-by")).toBeNull();
    });
  });

  describe("accounts and tokens", () => {
    it("28: seeds no demo accounts, even with SEED_DEMO_ACCOUNTS=true: user@tessera.dev cannot sign in", async () => {
      const response = await graphql(production.url, SIGN_IN, { email: "user@tessera.dev", password: "tessera-demo" });
      expect(response.body).toEqual({ data: { signIn: null }, errors: [expect.objectContaining({ extensions: { code: "INVALID_CREDENTIALS" } })] });
      expect(production.api.output()).not.toMatch(/Demo accounts|tessera-demo/);
    });

    it(`28: issues tokens with iss ${ISSUER} that verify against /.well-known/jwks.json and the configured key's public part`, async () => {
      const { accessToken } = await signUp(production.url);
      expect(decodeJwt(accessToken).iss).toBe(ISSUER);

      const jwks = (await (await fetch(`${production.api.origin}/.well-known/jwks.json`)).json()) as JSONWebKeySet;
      expect(jwks.keys).toEqual([expect.objectContaining({ kty: "EC", crv: "P-256", x: publicJwk.x, y: publicJwk.y })]);
      expect(JSON.stringify(jwks)).not.toContain(privateJwk.d!);
      const options = { issuer: ISSUER, audience: AUDIENCE, algorithms: ["ES256"], typ: "at+jwt" };
      await expect(jwtVerify(accessToken, createLocalJWKSet(jwks), options)).resolves.toBeDefined();
      await expect(jwtVerify(accessToken, publicJwk, options)).resolves.toBeDefined();
      // (control) another key does not verify it
      await expect(jwtVerify(accessToken, (await newKeyPair()).publicKey, options)).rejects.toThrow();
    });

    it("28: works with a PKCS#8 PEM signing key: its tokens verify with that key's public part", async () => {
      const { privateKey, publicKey } = await newKeyPair();
      const pem = await exportPKCS8(privateKey as CryptoKey);
      expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
      const pemProduction = await startProduction({ JWT_SIGNING_KEY: pem });
      try {
        const { accessToken } = await signUp(pemProduction.url);
        const { payload, protectedHeader } = await jwtVerify(accessToken, publicKey, { issuer: ISSUER, audience: AUDIENCE, algorithms: ["ES256"] });
        expect(payload.iss).toBe(ISSUER);
        const publicPart = await exportJWK(publicKey);
        expect(protectedHeader.kid).toBe(await calculateJwkThumbprint(publicPart));
        const jwks = (await (await fetch(`${pemProduction.api.origin}/.well-known/jwks.json`)).json()) as JSONWebKeySet;
        expect(jwks.keys).toEqual([expect.objectContaining({ x: publicPart.x, y: publicPart.y, kid: protectedHeader.kid })]);
      } finally {
        await pemProduction.api.stop();
      }
    });
  });

  describe("TRUST_PROXY", () => {
    /** Six wrong passwords for one account, each claiming a different client address in X-Forwarded-For. */
    async function sixFailuresFromForwardedAddresses(url: string): Promise<string[]> {
      const email = `proxy-${Date.now()}@example.com`;
      const codes: string[] = [];
      for (let i = 1; i <= 6; i++) {
        const response = await graphql(url, SIGN_IN, { email, password: `wrong password ${i}` }, { headers: { "x-forwarded-for": `203.0.113.${i}` } });
        codes.push(response.body.errors![0]!.extensions!.code as string);
      }
      return codes;
    }

    it("28: unset, X-Forwarded-For does not change the client address: 6 failures from 'different' addresses trip the 5-per-address budget", async () => {
      expect(await sixFailuresFromForwardedAddresses(production.url)).toEqual([...Array(5).fill("INVALID_CREDENTIALS"), "RATE_LIMITED"]);
    });

    it("28: TRUST_PROXY=true believes X-Forwarded-For: the same 6 failures count against 6 addresses", async () => {
      const behindProxy = await startProduction({ TRUST_PROXY: "true" });
      try {
        expect(await sixFailuresFromForwardedAddresses(behindProxy.url)).toEqual(Array(6).fill("INVALID_CREDENTIALS"));
      } finally {
        await behindProxy.api.stop();
      }
    });
  });

  describe("refusing to start", () => {
    function refusedStart(overrides: Record<string, string>) {
      const env = productionEnvironment();
      for (const [name, value] of Object.entries(overrides)) {
        if (value === "") delete env[name];
        else env[name] = value;
      }
      return failedStart(env);
    }

    it("28: refuses to start without JWT_SIGNING_KEY: exit 1, one line", async () => {
      expect(await refusedStart({ JWT_SIGNING_KEY: "" })).toEqual({ code: 1, lines: [expect.stringMatching(/^tessera: production mode requires JWT_SIGNING_KEY\b/)] });
    });

    it("28: refuses to start without JWT_ISSUER: exit 1, one line", async () => {
      expect(await refusedStart({ JWT_ISSUER: "" })).toEqual({ code: 1, lines: [expect.stringMatching(/^tessera: production mode requires JWT_ISSUER\b/)] });
    });
  });
}
