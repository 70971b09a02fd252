import { createHash } from "node:crypto";
import { REFRESH_SESSION } from "@tessera/client";
import { readFileSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "../../src/paths.js";
import { graphql, signIn } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

// Issue 15: trusted documents. With TRUSTED_DOCUMENTS_FILE, the API runs the operations of the manifest that
// `npm run codegen` writes for examples/web, sent by hash or as their exact text, and refuses anything else with
// 400 OPERATION_NOT_TRUSTED; viewers with a role in TRUSTED_DOCUMENTS_BYPASS_ROLES may send anything.
export default function trustedDocuments(): void {
  const MANIFEST = "examples/web/src/gql/persisted-documents.json";
  const manifest = JSON.parse(readFileSync(path.join(projectRoot, MANIFEST), "utf8")) as Record<string, string>;
  const [publishedPostsKey, publishedPosts] = Object.entries(manifest).find(([, text]) => text.includes("query PublishedPosts"))!;
  const PUBLISHED_POSTS_HASH = publishedPostsKey.replace(/^sha256:/, "");
  const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

  /** A POST as Apollo Client's persisted-query link sends it: the hash, and the text only when given. */
  async function post(url: string, body: Record<string, unknown>, token?: string) {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as { data?: Record<string, unknown>; errors?: Array<{ extensions?: Record<string, unknown> }> } };
  }
  const byHash = (hash: string, query?: string) => ({ ...(query ? { query } : {}), extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });
  const NOT_TRUSTED = { status: 400, body: { errors: [expect.objectContaining({ extensions: { code: "OPERATION_NOT_TRUSTED" } })] } };

  describe("with TRUSTED_DOCUMENTS_FILE", () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ TRUSTED_DOCUMENTS_FILE: MANIFEST, TRUSTED_DOCUMENTS_BYPASS_ROLES: "ADMIN" });
    });
    afterAll(() => server.stop());

    it("runs a manifest operation sent by its hash alone", async () => {
      const response = await post(server.url, byHash(PUBLISHED_POSTS_HASH));
      expect(response.status).toBe(200);
      expect(response.body.data).toEqual({ __typename: "Query", posts: expect.objectContaining({ edges: expect.any(Array) }) });
    });

    it("runs a manifest operation sent as its exact text", async () => {
      const response = await post(server.url, { query: publishedPosts });
      expect(response.status).toBe(200);
      expect(response.body.errors).toBeUndefined();
    });

    it("refuses any other text with 400 OPERATION_NOT_TRUSTED, however harmless", async () => {
      expect(await post(server.url, { query: "{ viewer { id } }" })).toEqual(NOT_TRUSTED);
      // The same operation, formatted otherwise, is another document.
      expect(await post(server.url, { query: `${publishedPosts} ` })).toEqual(NOT_TRUSTED);
    });

    it("refuses an unknown hash, and never lets automatic persisted queries register a document", async () => {
      const query = "{ users(first: 100) { edges { node { email } } } }";
      expect(await post(server.url, byHash(sha256(query), query))).toEqual(NOT_TRUSTED);
      expect(await post(server.url, byHash(sha256(query)))).toEqual(NOT_TRUSTED);
    });

    it("refuses a trusted hash sent with another text", async () => {
      expect(await post(server.url, byHash(PUBLISHED_POSTS_HASH, "{ viewer { id } }"))).toEqual(NOT_TRUSTED);
    });

    it("runs @tessera/client's refresh, which no app manifest lists", async () => {
      const { refreshToken } = await userSession(server);
      const response = await post(server.url, { query: REFRESH_SESSION, variables: { refreshToken } });
      expect(response.body.data).toEqual({ refreshToken: { accessToken: expect.any(String), refreshToken: expect.any(String) } });
    });

    it("lets a viewer with a bypass role (ADMIN) send any operation, and no one else", async () => {
      const { accessToken } = await adminSession(server);
      expect((await post(server.url, { query: "{ viewer { roles } }" }, accessToken)).body).toEqual({ data: { viewer: { roles: ["ADMIN"] } } });
      const user = await userSession(server);
      expect(await post(server.url, { query: "{ viewer { roles } }" }, user.accessToken)).toEqual(NOT_TRUSTED);
    });
  });

  /** Signs in through the trusted SignIn document, as the example app does. */
  async function sessionOf(server: TestServer, email: string): Promise<{ accessToken: string; refreshToken: string }> {
    const [hash] = Object.entries(manifest).find(([, text]) => text.includes("mutation SignIn"))!;
    const response = await post(server.url, { ...byHash(hash.replace(/^sha256:/, "")), variables: { email, password: "tessera-demo" } });
    return (response.body.data as { signIn: { accessToken: string; refreshToken: string } }).signIn;
  }
  const adminSession = (server: TestServer) => sessionOf(server, "admin@tessera.dev");
  const userSession = (server: TestServer) => sessionOf(server, "user@tessera.dev");

  describe("without TRUSTED_DOCUMENTS_FILE: automatic persisted queries", () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer();
    });
    afterAll(() => server.stop());

    it("registers a document sent with its hash, then runs it by hash alone", async () => {
      const query = "{ viewer { id } }";
      expect((await post(server.url, byHash(sha256(query)))).body.errors?.[0]?.extensions?.code).toBe("PERSISTED_QUERY_NOT_FOUND");
      expect((await post(server.url, byHash(sha256(query), query))).body).toEqual({ data: { viewer: null } });
      expect((await post(server.url, byHash(sha256(query)))).body).toEqual({ data: { viewer: null } });
    });
  });

  describe("INTROSPECTION=roles:ADMIN", () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ INTROSPECTION: "roles:ADMIN" });
    });
    afterAll(() => server.stop());

    const INTROSPECT = "{ __schema { queryType { name } } }";

    it("refuses introspection to anonymous and USER viewers as Apollo does when it is off", async () => {
      const user = await signIn(server.url, "user@tessera.dev", "tessera-demo");
      for (const token of [undefined, user.accessToken]) {
        const response = await graphql(server.url, INTROSPECT, {}, token ? { token } : {});
        expect(response.status).toBe(400);
        expect(response.body.errors![0]!.extensions!.code).toBe("GRAPHQL_VALIDATION_FAILED");
      }
    });

    it("answers it for an ADMIN, and leaves __typename alone for everyone", async () => {
      const admin = await signIn(server.url, "admin@tessera.dev", "tessera-demo");
      expect((await graphql(server.url, INTROSPECT, {}, { token: admin.accessToken })).body).toEqual({ data: { __schema: { queryType: { name: "Query" } } } });
      expect((await graphql(server.url, "{ __typename }")).body).toEqual({ data: { __typename: "Query" } });
    });
  });
}
