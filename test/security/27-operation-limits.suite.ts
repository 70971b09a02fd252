import { PostModel } from "../../src/posts/post.model.js";
import { graphql, signIn, type GraphQLResponse } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

// Catalogue 27: query depth 50, 10,000 aliases, `first: 99999999` → rejected with a clear error before
// execution. Also the other limits of src/limits (cost, directives) and the HTTP-level ones
// (src/http/error-handler.ts: body size, malformed JSON, unknown routes), each in GraphQL's error shape.
// Every refused operation carries a createPost by a signed-in author: the post count proves nothing ran.
export default function operationLimits(): void {
  const DEFAULTS = { tokens: 10_000, depth: 12, aliases: 15, directives: 50, cost: 10_000, pageSize: 100, bodyBytes: 1024 * 1024 };

  const CREATE = `createPost(input: { title: "Should never exist", body: "A resolver ran." })`;

  /** createPost, then author → posts → edges → node cycles, then `id`: exactly `depth` levels of fields. */
  function deepCreatePost(depth: number): string {
    const cycles = (depth - 2) / 4;
    if (!Number.isInteger(cycles)) throw new Error("depth must be 2 more than a multiple of 4");
    const open = " author { posts(first: 1) { edges { node {".repeat(cycles);
    const close = " } } } }".repeat(cycles);
    return `mutation Deep { ${CREATE} {${open} id${close} } }`;
  }

  /** One 400 error, no `data`: the code names the limit and `limit` says what it is. */
  function expectRefused(response: GraphQLResponse, code: string, limit: number, message: RegExp): void {
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ errors: [{ message: expect.stringMatching(message), extensions: { code, limit } }] });
  }

  /** An error body from the HTTP layer: GraphQL's shape, one error, a plain message, no internals. */
  function expectHttpError(status: number, actual: { status: number; body: unknown }, code: string): void {
    expect(actual).toEqual({ status, body: { errors: [{ message: expect.any(String), extensions: expect.objectContaining({ code }) }] } });
    const { message } = (actual.body as { errors: Array<{ message: string }> }).errors[0]!;
    expect(message).not.toMatch(/\n|\bat [\w.<]+ \(|node_modules|\/src\/|\.ts\b|\.js\b|SyntaxError|FST_|Error:/);
  }

  describe("default limits", () => {
    let server: TestServer;
    let token: string;
    beforeAll(async () => {
      server = await startTestServer();
      token = (await signIn(server.url, "user@tessera.dev", "tessera-demo")).accessToken;
    });
    afterAll(() => server.stop());

    /** Sends `document` as a signed-in author and checks that no post came of it. */
    async function refusedWithoutEffect(document: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse> {
      const before = await PostModel.countDocuments();
      const response = await graphql(server.url, document, variables, { token });
      expect(await PostModel.countDocuments()).toBe(before);
      return response;
    }

    it("27: (control) the createPost the refused documents carry does create a post when sent alone", async () => {
      const before = await PostModel.countDocuments();
      const response = await graphql(server.url, `mutation { ${CREATE} { id } }`, {}, { token });
      expect(response.body.errors).toBeUndefined();
      expect(await PostModel.countDocuments()).toBe(before + 1);
    });

    it("27: a document 50 fields deep is refused with 400 DEPTH_LIMIT_EXCEEDED, and its createPost never runs", async () => {
      const document = deepCreatePost(50);
      expectRefused(await refusedWithoutEffect(document), "DEPTH_LIMIT_EXCEEDED", DEFAULTS.depth, /^Query depth limit of 12 exceeded, found 50\.$/);
    });

    it("27: 10,000 aliases are refused unparsed with 400 TOKEN_LIMIT_EXCEEDED, and none of the 10,000 createPosts runs", async () => {
      const fields = Array.from({ length: 10_000 }, (_, i) => `a${i}: ${CREATE} { id }`);
      const response = await refusedWithoutEffect(`mutation Flood { ${fields.join(" ")} }`);
      expectRefused(response, "TOKEN_LIMIT_EXCEEDED", DEFAULTS.tokens, /^The document has more than 10000 tokens$/);
    });

    it("27: 16 aliases, within the token limit, are refused with 400 ALIAS_LIMIT_EXCEEDED, and no createPost runs", async () => {
      const fields = Array.from({ length: 16 }, (_, i) => `a${i}: ${CREATE} { id }`);
      const response = await refusedWithoutEffect(`mutation Flood { ${fields.join(" ")} }`);
      expectRefused(response, "ALIAS_LIMIT_EXCEEDED", DEFAULTS.aliases, /^Aliases limit of 15 exceeded, found 16\.$/);
    });

    it("27: `first: 99999999` is refused with 400 PAGE_SIZE_LIMIT_EXCEEDED before execution: the createPost it sits under never runs", async () => {
      const document = `mutation Huge { ${CREATE} { author { posts(first: 99999999) { edges { node { id } } } } } }`;
      expectRefused(await refusedWithoutEffect(document), "PAGE_SIZE_LIMIT_EXCEEDED", DEFAULTS.pageSize, /^first must be at most 100$/);
    });

    it("27: `first: 99999999` passed as a variable is refused the same way", async () => {
      const document = `query Page($first: Int) { posts(first: $first) { edges { node { id } } } }`;
      const response = await graphql(server.url, document, { first: 99_999_999 });
      expectRefused(response, "PAGE_SIZE_LIMIT_EXCEEDED", DEFAULTS.pageSize, /^first must be at most 100$/);
    });

    it("27: nested pages whose estimated cost exceeds the limit are refused with 400 COST_LIMIT_EXCEEDED, and the createPost never runs", async () => {
      const document = `mutation Costly { ${CREATE} { author { posts(first: 100) { edges { node { author {
        posts(first: 100) { edges { node { id } } } } } } } } } }`;
      const response = await refusedWithoutEffect(document);
      expectRefused(response, "COST_LIMIT_EXCEEDED", DEFAULTS.cost, /^Operation cost \d{5,} exceeds the limit of 10000$/);
    });

    it("27: users(first: 100) with each user's posts(first: 100) is refused for cost, even for an admin", async () => {
      const admin = (await signIn(server.url, "admin@tessera.dev", "tessera-demo")).accessToken;
      const document = `query Everything { users(first: 100) { edges { node { id posts(first: 100) { edges { node { id title } } } } } } }`;
      const response = await graphql(server.url, document, {}, { token: admin });
      expectRefused(response, "COST_LIMIT_EXCEEDED", DEFAULTS.cost, /^Operation cost \d{5,} exceeds the limit of 10000$/);
    });

    it("27: more than 50 directives are refused with 400 DIRECTIVE_LIMIT_EXCEEDED, and the createPost never runs", async () => {
      const document = `mutation Noisy { ${CREATE} @include(if: true) { ${"id @include(if: true) ".repeat(DEFAULTS.directives)} } }`;
      const response = await refusedWithoutEffect(document);
      expectRefused(response, "DIRECTIVE_LIMIT_EXCEEDED", DEFAULTS.directives, /^Directives limit of 50 exceeded, found 51\.$/);
    });

    it("27: a body over the limit is refused with 413 BODY_TOO_LARGE in GraphQL's error shape, and nothing runs", async () => {
      const before = await PostModel.countDocuments();
      const query = `mutation Padded { ${CREATE} { id } }\n# ${"x".repeat(DEFAULTS.bodyBytes)}`;
      const response = await fetch(server.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ query }),
      });
      expect({ status: response.status, body: await response.json() }).toEqual({
        status: 413,
        body: { errors: [{ message: `Request body is larger than ${DEFAULTS.bodyBytes} bytes`, extensions: { code: "BODY_TOO_LARGE", limit: DEFAULTS.bodyBytes } }] },
      });
      expect(await PostModel.countDocuments()).toBe(before);
    });

    it.each([
      ["truncated", '{"query": "{ viewer { id } }"'],
      ["unquoted keys", "{query: '{ viewer { id } }'}"],
      ["a stray character", '{"query": "{ viewer { id } }"}x'],
      ["binary noise", "\u0000\u00ff{[}"],
    ])("27: a malformed JSON body (%s) is answered 400 BAD_REQUEST in GraphQL's error shape, with no internals", async (_kind, body) => {
      const response = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json" }, body });
      expectHttpError(400, { status: response.status, body: await response.json() }, "BAD_REQUEST");
    });

    it("27: a malformed JSON body with a mutation-looking text runs nothing", async () => {
      const before = await PostModel.countDocuments();
      const response = await fetch(server.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: `{"query": "mutation { ${CREATE.replace(/"/g, '\\"')} { id } }",}`,
      });
      expect(response.status).toBe(400);
      expect(await PostModel.countDocuments()).toBe(before);
    });

    it("27: an unknown route is answered 404 NOT_FOUND in GraphQL's error shape, without echoing the query string", async () => {
      const response = await fetch(`${server.origin}/no/such/route?access_token=secret-looking-value`);
      const body = await response.json();
      expect({ status: response.status, body }).toEqual({
        status: 404,
        body: { errors: [{ message: "No route GET /no/such/route", extensions: { code: "NOT_FOUND" } }] },
      });
      expect(JSON.stringify(body)).not.toContain("secret-looking-value");
    });

    it("27: a POST to an unknown path next to /graphql is answered 404 in the same shape", async () => {
      const response = await fetch(`${server.origin}/graphql/extra`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
      expectHttpError(404, { status: response.status, body: await response.json() }, "NOT_FOUND");
    });
  });

  describe("limits are configurable (LIMIT_DEPTH=3)", () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ LIMIT_DEPTH: "3" });
    });
    afterAll(() => server.stop());

    it("27: a query 4 fields deep is refused, naming the configured limit", async () => {
      const response = await graphql(server.url, `{ posts { edges { node { id } } } }`);
      expectRefused(response, "DEPTH_LIMIT_EXCEEDED", 3, /^Query depth limit of 3 exceeded, found 4\.$/);
    });

    it("27: a query 3 fields deep is accepted and runs", async () => {
      const response = await graphql(server.url, `{ posts { pageInfo { hasNextPage } } }`);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ data: { posts: { pageInfo: { hasNextPage: false } } } });
    });
  });
}
