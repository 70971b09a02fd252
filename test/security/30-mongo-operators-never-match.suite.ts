import mongoose from "mongoose";
import { PostModel, PostStatus } from "../../src/posts/post.model.js";
import { UserModel } from "../../src/users/user.model.js";
import { encodeCursor } from "../../src/pagination/cursor.js";
import { expectNothingReturned, graphql, type GraphQLResponse, REFRESH, signIn, signUp } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { signWithServerKey, validClaims } from "../helpers/tokens.js";

// Catalogue 30: Mongo operators in any input ({"$ne": null}, {"$gt": ""}, $where, $regex,
// $nor: [...]) never match, never authenticate and never cause a 500. As JSON objects they cannot
// even reach a resolver (String and ID refuse objects: 400 BAD_USER_INPUT); as strings they are
// plain values: compared literally, or stored literally.
export default function mongoOperatorsNeverMatch(): void {
  type Account = Awaited<ReturnType<typeof signUp>>;

  /** Operator-shaped values, each the kind of filter that would match (almost) everything if interpreted. */
  const OPERATOR_OBJECTS: Array<[string, unknown]> = [
    ["$ne", { $ne: null }],
    ["$gt", { $gt: "" }],
    ["$regex", { $regex: ".*" }],
    ["$where", { $where: "return true" }],
    ["$nor", { $nor: [{ email: "nobody@example.com" }] }],
    ["$in", { $in: ["user@tessera.dev", "admin@tessera.dev"] }],
  ];
  /** The same operators written as strings, as in the catalogue, with and without spaces. */
  const OPERATOR_STRINGS: string[] = [
    '{"$ne": null}',
    ...OPERATOR_OBJECTS.map(([, value]) => JSON.stringify(value)),
    "$ne",
    "[$ne]=1",
  ];

  const SIGN_IN = "mutation ($email: String!, $password: String!) { signIn(email: $email, password: $password) { accessToken user { id } } }";

  let server: TestServer;
  let author: Account;
  let adminToken: string;
  let editorToken: string;
  let published: string;
  let draft: string;

  beforeAll(async () => {
    server = await startTestServer();
    author = await signUp(server.url);
    adminToken = (await signIn(server.url, "admin@tessera.dev", "tessera-demo")).accessToken;
    editorToken = (await signIn(server.url, "editor@tessera.dev", "tessera-demo")).accessToken;
    published = (await PostModel.create({ title: "30 published", body: "b", status: PostStatus.PUBLISHED, authorId: author.user.id }))._id.toString();
    draft = (await PostModel.create({ title: "30 draft", body: "b", status: PostStatus.DRAFT, authorId: author.user.id }))._id.toString();
  });
  afterAll(() => server.stop());

  /** Never a 500, never an internal error, whatever the input. */
  function expectNoServerError(response: GraphQLResponse): void {
    expect(response.status).not.toBe(500);
    expect((response.body.errors ?? []).map((error) => error.extensions?.code)).not.toContain("INTERNAL_SERVER_ERROR");
  }

  /** Refused while coercing variables, before any resolver: 400, BAD_USER_INPUT, no data at all. */
  function expectRejectedVariable(response: GraphQLResponse): void {
    expectNoServerError(response);
    expect(response.status).toBe(400);
    expect(response.body.data).toBeUndefined();
    expect(response.body.errors!.length).toBeGreaterThan(0);
    for (const error of response.body.errors!) expect(error.extensions).toEqual({ code: "BAD_USER_INPUT" });
  }

  /** One error with this code at this path, HTTP 200: the resolver ran and refused. */
  function expectResolverError(response: GraphQLResponse, path: string[], code: string): void {
    expectNoServerError(response);
    expect(response.status).toBe(200);
    expect(response.body.errors).toEqual([expect.objectContaining({ path, extensions: expect.objectContaining({ code }) })]);
  }

  // ---- signIn ----

  it("30: (control) the accounts and posts the operators aim at exist and are matched by their real values", async () => {
    expect((await graphql(server.url, SIGN_IN, { email: "user@tessera.dev", password: "tessera-demo" })).body.data!.signIn.accessToken).toEqual(expect.any(String));
    expect((await graphql(server.url, "query ($id: ID!) { post(id: $id) { id } }", { id: published })).body.data!.post).toEqual({ id: published });
    expect((await graphql(server.url, "query ($id: ID!) { user(id: $id) { id } }", { id: author.user.id })).body.data!.user).toEqual({ id: author.user.id });
    const page = await graphql(server.url, "query ($a: ID) { posts(authorId: $a) { edges { node { id } } } }", { a: author.user.id });
    expect(page.body.data!.posts.edges).toEqual([{ node: { id: published } }]);
  });

  it.each(OPERATOR_OBJECTS)("30: signIn refuses email %s as a JSON-object variable with 400 BAD_USER_INPUT and no token", async (_name, email) => {
    const response = await graphql(server.url, SIGN_IN, { email, password: "tessera-demo" });
    expectRejectedVariable(response);
    expect(JSON.stringify(response.body)).not.toContain("accessToken");
  });

  it.each(OPERATOR_OBJECTS)("30: signIn refuses password %s as a JSON-object variable with 400 BAD_USER_INPUT and no token", async (_name, password) => {
    const response = await graphql(server.url, SIGN_IN, { email: "user@tessera.dev", password });
    expectRejectedVariable(response);
    expect(JSON.stringify(response.body)).not.toContain("accessToken");
  });

  it("30: signIn refuses {\"$ne\": null} as both email and password objects with 400 BAD_USER_INPUT, one error per variable", async () => {
    const response = await graphql(server.url, SIGN_IN, { email: { $ne: null }, password: { $ne: null } });
    expectRejectedVariable(response);
    expect(response.body.errors).toHaveLength(2);
  });

  it.each(OPERATOR_STRINGS)("30: signIn treats the email %s as a literal string: INVALID_CREDENTIALS, no token", async (email) => {
    const response = await graphql(server.url, SIGN_IN, { email, password: "tessera-demo" });
    expectResolverError(response, ["signIn"], "INVALID_CREDENTIALS");
    expectNothingReturned(response.body.data);
  });

  it.each(OPERATOR_STRINGS)("30: signIn treats the password %s as a literal string: INVALID_CREDENTIALS, no token", async (password) => {
    const response = await graphql(server.url, SIGN_IN, { email: "user@tessera.dev", password });
    expectResolverError(response, ["signIn"], "INVALID_CREDENTIALS");
    expectNothingReturned(response.body.data);
  });

  it("30: the literal string reaches the database as a plain equality value, never as an operator", async () => {
    const filters: unknown[] = [];
    const previous = mongoose.get("debug");
    mongoose.set("debug", (collection: string, method: string, ...args: unknown[]) => {
      // signIn finds the account by its email's entry, keyed by the normalised email.
      if (collection === "user_emails" && method === "findOne") filters.push(args[0]);
    });
    try {
      await graphql(server.url, SIGN_IN, { email: '{"$ne": null}', password: "tessera-demo" });
    } finally {
      mongoose.set("debug", previous);
    }
    expect(filters).toEqual([{ _id: '{"$ne": null}' }]);
  });

  // ---- refresh tokens ----

  it.each(OPERATOR_OBJECTS)("30: refreshToken refuses %s as a JSON-object variable with 400 BAD_USER_INPUT", async (_name, refreshToken) => {
    expectRejectedVariable(await graphql(server.url, REFRESH, { refreshToken }));
  });

  it.each(OPERATOR_STRINGS)("30: refreshToken treats %s as a literal string: REFRESH_TOKEN_INVALID, no token", async (refreshToken) => {
    const response = await graphql(server.url, REFRESH, { refreshToken });
    expectResolverError(response, ["refreshToken"], "UNAUTHENTICATED");
    expect(response.body.errors![0]!.extensions).toEqual({ code: "UNAUTHENTICATED", reason: "REFRESH_TOKEN_INVALID" });
    expectNothingReturned(response.body.data);
  });

  it("30: signOut with operator strings revokes nothing: false each time, and a live refresh token still works", async () => {
    const session = await signUp(server.url);
    for (const refreshToken of OPERATOR_STRINGS) {
      const response = await graphql(server.url, "mutation ($t: String!) { signOut(refreshToken: $t, everywhere: true) }", { t: refreshToken });
      expectNoServerError(response);
      expect(response.body).toEqual({ data: { signOut: false } });
    }
    expect((await graphql(server.url, REFRESH, { refreshToken: session.refreshToken })).body.data!.refreshToken.accessToken).toEqual(expect.any(String));
  });

  // ---- ids ----

  it.each(OPERATOR_OBJECTS)("30: post(id:) refuses %s as a JSON-object variable with 400 BAD_USER_INPUT", async (_name, id) => {
    expectRejectedVariable(await graphql(server.url, "query ($id: ID!) { post(id: $id) { id } }", { id }));
  });

  it.each(OPERATOR_STRINGS)("30: post(id: %s) matches nothing: NOT_FOUND, even as an EDITOR who may see every draft", async (id) => {
    const response = await graphql(server.url, "query ($id: ID!) { post(id: $id) { id } }", { id }, { token: editorToken });
    expectResolverError(response, ["post"], "NOT_FOUND");
    expect(response.body.data).toEqual({ post: null });
  });

  it.each(OPERATOR_OBJECTS)("30: user(id:) refuses %s as a JSON-object variable with 400 BAD_USER_INPUT", async (_name, id) => {
    expectRejectedVariable(await graphql(server.url, "query ($id: ID!) { user(id: $id) { id } }", { id }));
  });

  it.each(OPERATOR_STRINGS)("30: user(id: %s) matches nothing: NOT_FOUND", async (id) => {
    const response = await graphql(server.url, "query ($id: ID!) { user(id: $id) { id email } }", { id }, { token: adminToken });
    expectResolverError(response, ["user"], "NOT_FOUND");
    expect(response.body.data).toEqual({ user: null });
  });

  it.each(OPERATOR_OBJECTS)("30: posts(authorId:) refuses %s as a JSON-object variable with 400 BAD_USER_INPUT", async (_name, authorId) => {
    expectRejectedVariable(await graphql(server.url, "query ($a: ID) { posts(authorId: $a) { edges { node { id } } } }", { a: authorId }));
  });

  it.each(OPERATOR_STRINGS)("30: posts(authorId: %s) matches nothing: an empty page, even as an EDITOR", async (authorId) => {
    const response = await graphql(server.url, "query ($a: ID) { posts(authorId: $a) { edges { node { id } } pageInfo { hasNextPage } } }", { a: authorId }, { token: editorToken });
    expectNoServerError(response);
    expect(response.body).toEqual({ data: { posts: { edges: [], pageInfo: { hasNextPage: false } } } });
  });

  it.each([
    ["updatePost", 'mutation ($id: ID!) { updatePost(id: $id, input: { title: "hijacked" }) { id } }'],
    ["publishPost", "mutation ($id: ID!) { publishPost(id: $id) { id } }"],
    ["deletePost", "mutation ($id: ID!) { deletePost(id: $id) }"],
  ])("30: %s(id:) with operator strings matches nothing: NOT_FOUND for an ADMIN, and no post changes", async (field, mutation) => {
    const before = await PostModel.find().sort({ _id: 1 }).lean();
    for (const id of OPERATOR_STRINGS) {
      const response = await graphql(server.url, mutation, { id }, { token: adminToken });
      expectResolverError(response, [field], "NOT_FOUND");
    }
    expect(await PostModel.find().sort({ _id: 1 }).lean()).toEqual(before);
  });

  it("30: setUserRoles(userId:) with operator strings matches nothing: NOT_FOUND for an ADMIN, and no roles change", async () => {
    const before = await UserModel.find().sort({ _id: 1 }).lean();
    for (const userId of OPERATOR_STRINGS) {
      const response = await graphql(server.url, "mutation ($u: ID!) { setUserRoles(userId: $u, roles: [ADMIN]) { id } }", { u: userId }, { token: adminToken });
      expectResolverError(response, ["setUserRoles"], "NOT_FOUND");
    }
    expect(await UserModel.find().sort({ _id: 1 }).lean()).toEqual(before);
  });

  it.each(OPERATOR_OBJECTS)("30: setUserRoles refuses userId %s as a JSON-object variable with 400 BAD_USER_INPUT", async (_name, userId) => {
    const response = await graphql(server.url, "mutation ($u: ID!) { setUserRoles(userId: $u, roles: [ADMIN]) { id } }", { u: userId }, { token: adminToken });
    expectRejectedVariable(response);
  });

  // ---- cursors ----

  /** Operator strings as `after`, raw and dressed up as a cursor (base64url of the versioned prefix plus the operator). */
  const CURSORS = OPERATOR_STRINGS.flatMap((value) => [value, Buffer.from(`c1:${value}`).toString("base64url")]);

  it.each(CURSORS)("30: posts(after: %s) is refused as BAD_USER_INPUT, never used as a filter", async (after) => {
    const response = await graphql(server.url, "query ($a: String) { posts(after: $a) { edges { node { id } } } }", { a: after }, { token: editorToken });
    expectResolverError(response, ["posts"], "BAD_USER_INPUT");
    expectNothingReturned(response.body.data);
  });

  it.each(CURSORS)("30: users(after: %s) is refused as BAD_USER_INPUT for an ADMIN", async (after) => {
    const response = await graphql(server.url, "query ($a: String) { users(after: $a) { edges { node { id } } } }", { a: after }, { token: adminToken });
    expectResolverError(response, ["users"], "BAD_USER_INPUT");
    expect(response.body.data).toEqual({ users: null });
  });

  it.each(CURSORS)("30: User.posts(after: %s) is refused as BAD_USER_INPUT at its own path", async (after) => {
    const response = await graphql(server.url, "query ($id: ID!, $a: String) { user(id: $id) { posts(after: $a) { edges { node { id } } } } }", { id: author.user.id, a: after });
    expectResolverError(response, ["user", "posts"], "BAD_USER_INPUT");
  });

  it.each(OPERATOR_OBJECTS)("30: posts(after:) refuses %s as a JSON-object variable with 400 BAD_USER_INPUT", async (_name, after) => {
    expectRejectedVariable(await graphql(server.url, "query ($a: String) { posts(after: $a) { edges { node { id } } } }", { a: after }));
  });

  it("30: (control) a real cursor is accepted: the refusals above are about the value, not the argument", async () => {
    const response = await graphql(server.url, "query ($a: String) { posts(after: $a) { edges { node { id } } } }", { a: encodeCursor(published) }, { token: editorToken });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!.posts.edges.map((edge: any) => edge.node.id)).not.toContain(published);
  });

  // ---- stored text ----

  it.each(OPERATOR_STRINGS)("30: createPost stores the title %s literally, not interpreted", async (title) => {
    const response = await graphql(
      server.url,
      "mutation ($input: CreatePostInput!) { createPost(input: $input) { id title body } }",
      { input: { title, body: title } },
      { token: author.accessToken },
    );
    expectNoServerError(response);
    expect(response.body.data!.createPost).toEqual({ id: expect.any(String), title, body: title });
    const stored = await PostModel.findById(response.body.data!.createPost.id).lean();
    expect({ title: stored!.title, body: stored!.body }).toEqual({ title, body: title });
  });

  it.each(OPERATOR_OBJECTS)("30: createPost refuses title %s as a JSON-object variable with 400 BAD_USER_INPUT, creating nothing", async (_name, title) => {
    const count = await PostModel.countDocuments();
    const response = await graphql(server.url, "mutation ($input: CreatePostInput!) { createPost(input: $input) { id } }", { input: { title, body: "b" } }, { token: author.accessToken });
    expectRejectedVariable(response);
    expect(await PostModel.countDocuments()).toBe(count);
  });

  it("30: updatePost stores an operator-string title literally, on that one post only", async () => {
    const title = '{"$set": {"status": "PUBLISHED"}}';
    const response = await graphql(
      server.url,
      "mutation ($id: ID!, $input: UpdatePostInput!) { updatePost(id: $id, input: $input) { id title status } }",
      { id: draft, input: { title } },
      { token: author.accessToken },
    );
    expectNoServerError(response);
    expect(response.body.data!.updatePost).toEqual({ id: draft, title, status: "DRAFT" });
    expect(await PostModel.findById(draft).lean()).toMatchObject({ title, status: "DRAFT" });
    expect(await PostModel.findById(published).lean()).toMatchObject({ title: "30 published" });
  });

  it.each(OPERATOR_STRINGS)("30: signUp stores the displayName %s literally", async (displayName) => {
    const email = `op${Date.now()}${Math.random().toString(36).slice(2)}@example.com`;
    const response = await graphql(
      server.url,
      "mutation ($input: SignUpInput!) { signUp(input: $input) { user { id displayName } } }",
      { input: { email, password: "correct horse battery", displayName } },
    );
    expectNoServerError(response);
    expect(response.body.data!.signUp.user.displayName).toBe(displayName);
    expect((await UserModel.findOne({ email }).lean())!.displayName).toBe(displayName);
  });

  it.each(OPERATOR_STRINGS)("30: signUp refuses the email %s with BAD_USER_INPUT, creating nothing", async (email) => {
    const count = await UserModel.countDocuments();
    const response = await graphql(server.url, "mutation ($input: SignUpInput!) { signUp(input: $input) { accessToken } }", {
      input: { email, password: "correct horse battery", displayName: "Op" },
    });
    expectResolverError(response, ["signUp"], "BAD_USER_INPUT");
    expect(await UserModel.countDocuments()).toBe(count);
  });

  it.each(OPERATOR_OBJECTS)("30: signUp refuses email %s as a JSON-object variable with 400 BAD_USER_INPUT", async (_name, email) => {
    const response = await graphql(server.url, "mutation ($input: SignUpInput!) { signUp(input: $input) { accessToken } }", {
      input: { email, password: "correct horse battery", displayName: "Op" },
    });
    expectRejectedVariable(response);
  });

  // ---- changePassword ----

  it.each(OPERATOR_STRINGS)("30: changePassword treats the current password %s as a literal: INVALID_CREDENTIALS, password unchanged", async (currentPassword) => {
    const session = await signUp(server.url);
    const before = (await UserModel.findById(session.user.id).select("+passwordHash").lean())!.passwordHash;
    const response = await graphql(
      server.url,
      "mutation ($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { accessToken } }",
      { c: currentPassword, n: "an entirely new password" },
      { token: session.accessToken },
    );
    expectResolverError(response, ["changePassword"], "INVALID_CREDENTIALS");
    expect((await UserModel.findById(session.user.id).select("+passwordHash").lean())!.passwordHash).toBe(before);
  });

  it.each(OPERATOR_OBJECTS)("30: changePassword refuses the current password %s as a JSON-object variable with 400 BAD_USER_INPUT", async (_name, c) => {
    const response = await graphql(
      server.url,
      "mutation ($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { accessToken } }",
      { c, n: "an entirely new password" },
      { token: author.accessToken },
    );
    expectRejectedVariable(response);
  });

  // ---- other argument types and inline literals ----

  it("30: an operator object for an enum (status) or an Int (first) variable is refused with 400 BAD_USER_INPUT", async () => {
    expectRejectedVariable(await graphql(server.url, "query ($s: PostStatus) { posts(status: $s) { edges { node { id } } } }", { s: { $ne: "PUBLISHED" } }));
    expectRejectedVariable(await graphql(server.url, "query ($f: Int) { posts(first: $f) { edges { node { id } } } }", { f: { $gt: 0 } }));
    expectRejectedVariable(await graphql(server.url, "mutation ($r: [Role!]!) { setUserRoles(userId: \"x\", roles: $r) { id } }", { r: { $ne: null } }, { token: adminToken }));
  });

  it("30: an operator written inline in the query is refused before execution with 400", async () => {
    for (const query of ['{ post(id: {$ne: null}) { id } }', 'mutation { signIn(email: {ne: null}, password: "tessera-demo") { accessToken } }']) {
      const response = await graphql(server.url, query);
      expectNoServerError(response);
      expect(response.status).toBe(400);
      expect(response.body.data).toBeUndefined();
      expect(["GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED"]).toContain(response.body.errors![0]!.extensions!.code);
    }
  });

  it("30: a correctly signed token whose sub is an operator-shaped string is refused with 401 before any query", async () => {
    for (const sub of ['{"$ne":null}', "$where", "not-an-object-id"]) {
      const token = await signWithServerKey(server.config, validClaims(server.config, sub));
      const response = await graphql(server.url, "mutation { createPost(input: { title: \"t\", body: \"b\" }) { id } }", {}, { token });
      expect(response.status).toBe(401);
      expect(response.body.errors![0]!.extensions).toEqual({ code: "UNAUTHENTICATED", reason: "TOKEN_INVALID" });
    }
  });
}
