import mongoose from "mongoose";
import { PostModel } from "../../src/posts/post.model.js";
import { UserModel } from "../../src/users/user.model.js";
import { expectNothingReturned, graphql, type GraphQLResponse, signIn } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { logEntries } from "./expect-rejected.js";

// Catalogue 31: a forced database or jose exception inside context or a resolver → generic
// INTERNAL_SERVER_ERROR, no stack, no driver message; the detail is logged server-side with a request id.
//
// Every failure here is real, not mocked: the database is put in a state Tessera does not expect
// (written straight through the driver, which the in-process server shares), and Tessera's own code
// then fails on it. A stopped database is not an unexpected error but SERVICE_UNAVAILABLE, with no
// driver detail: test/foundation/database-down.suite.ts covers it.
//
// A jose exception inside the context has no honest trigger: the verifier turns every jose error
// into a 401 (catalogue 1-20 and test/fuzz/fuzz.test.ts hammer it), and the only other jose failure,
// a key it cannot import, stops Tessera at start (the last test here), never inside a request.
export default function internalErrorsAreMasked(): void {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  interface Failure {
    response: GraphQLResponse;
    requestId: string;
  }

  async function request(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<Failure> {
    const response = await graphql(server.url, query, variables, { token });
    return { response, requestId: response.headers.get("x-request-id")! };
  }

  /** One error, exactly the generic one, at `path`: nothing else a client could learn from. */
  function expectMasked({ response }: Failure, path: Array<string | number>, mustNotContain: RegExp): void {
    expect(response.status).toBe(200);
    expect(response.body.errors).toEqual([
      { message: "Internal server error", path, locations: [expect.objectContaining({ line: expect.any(Number) })], extensions: { code: "INTERNAL_SERVER_ERROR" } },
    ]);
    const text = JSON.stringify(response.body);
    expect(text).not.toMatch(/stack|\bat .*\.(ts|js):\d+/);
    expect(text).not.toMatch(mustNotContain);
  }

  /** The server's "resolver failed" entries for one request id. */
  function failuresLogged({ requestId }: Failure) {
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    return logEntries(server.logs).filter((entry) => entry.reqId === requestId && entry.msg === "resolver failed");
  }

  describe("a resolver that throws: a post whose author does not exist", () => {
    const authorId = new mongoose.Types.ObjectId();
    let failure: Failure;
    beforeAll(async () => {
      const now = new Date();
      await PostModel.collection.insertOne({ title: "Orphan", body: "Its author is gone", status: "PUBLISHED", authorId, reviewNotes: null, publishedAt: now, createdAt: now, updatedAt: now });
      failure = await request("{ posts(first: 1) { edges { node { title author { displayName } } } } }");
    });

    it("31: answers a generic INTERNAL_SERVER_ERROR at the author field, without the ids or the message", () => {
      expectMasked(failure, ["posts", "edges", 0, "node", "author"], new RegExp(`${authorId}|no author`));
    });

    it("31: logs the error, its message and stack, with the request id the response's x-request-id carries", () => {
      expect(failuresLogged(failure)).toEqual([
        expect.objectContaining({
          level: 50,
          path: ["posts", "edges", 0, "node", "author"],
          err: expect.objectContaining({ message: expect.stringContaining(`has no author ${authorId}`), stack: expect.stringMatching(/post\.resolver\.(ts|js)/) }),
        }),
      ]);
    });
  });

  describe("a driver exception inside a resolver: a unique index Tessera does not know about", () => {
    const INDEX = "title_unique_added_by_hand";
    const input = { title: "The same title twice", body: "Twice" };
    let failure: Failure;
    beforeAll(async () => {
      await PostModel.collection.createIndex({ title: 1 }, { unique: true, name: INDEX });
      const { accessToken } = await signIn(server.url, "user@tessera.dev", "tessera-demo");
      const create = "mutation Create($input: CreatePostInput!) { createPost(input: $input) { id } }";
      // (control) the first post is created; the second breaks the index and the database refuses it
      expect((await request(create, { input }, accessToken)).response.body.data?.createPost.id).toEqual(expect.any(String));
      failure = await request(create, { input }, accessToken);
    });

    it("31: answers a generic INTERNAL_SERVER_ERROR, with no driver message, index, collection or database name", () => {
      expectMasked(failure, ["createPost"], new RegExp(`E11000|duplicate|${INDEX}|posts|Mongo|t_[0-9a-f]{12}`, "i"));
      expectNothingReturned(failure.response.body.data);
    });

    it("31: logs the driver's error with the request id the response's x-request-id carries", () => {
      expect(failuresLogged(failure)).toEqual([
        expect.objectContaining({ path: ["createPost"], err: expect.objectContaining({ type: "MongoServerError", message: expect.stringMatching(/E11000|duplicate key/i) }) }),
      ]);
    });
  });

  describe.each([
    ["an object where a string belongs", { displayName: { secret: "stored-value-7f3a" } }, "displayName", /stored-value-7f3a|secret|cannot represent/i],
    ["text where a date belongs", { createdAt: "stored-value-not-a-date" }, "createdAt", /stored-value-not-a-date|cannot represent|date/i],
  ])("a stored document GraphQL cannot serialize: %s", (_label, corruption, field, mustNotContain) => {
    let failure: Failure;
    beforeAll(async () => {
      const { insertedId } = await UserModel.collection.insertOne({
        email: `corrupt-${field}@example.com`,
        displayName: "Corrupt",
        roles: ["USER"],
        passwordHash: "not used",
        createdAt: new Date(),
        updatedAt: new Date(),
        ...corruption,
      });
      failure = await request(`query User($id: ID!) { user(id: $id) { id ${field} } }`, { id: insertedId.toString() });
    });

    it(`31: answers a generic INTERNAL_SERVER_ERROR at ${field}, without echoing the stored value`, () => {
      expectMasked(failure, ["user", field], mustNotContain);
    });

    it(`31: logs the serialization error for ${field} with the request id the response's x-request-id carries`, () => {
      expect(failuresLogged(failure)).toEqual([
        expect.objectContaining({ path: ["user", field], err: expect.objectContaining({ message: expect.stringMatching(/cannot represent/i) }) }),
      ]);
    });
  });

  it("31: refuses at start a signing key jose cannot import, so no key error can happen inside a request", async () => {
    const broken = JSON.stringify({ kty: "EC", crv: "P-256", x: "AAAA", y: "AAAA", d: "AAAA", alg: "ES256" });
    await expect(startTestServer({ JWT_SIGNING_KEY: broken })).rejects.toThrow(/^cannot load JWT keys: /);
  });
}
