import { PostModel, PostStatus } from "../../src/posts/post.model.js";
import { graphql, signUp } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

// Catalogue 18: a protected field with no token → that field null with UNAUTHENTICATED (at its
// path, HTTP 200, the rest of the response intact); public fields and signIn still work.
export default function protectedFieldsNeedAToken(): void {
  let server: TestServer;
  let owner: Awaited<ReturnType<typeof signUp>>;
  let post: { id: string; title: string; notes: string };

  beforeAll(async () => {
    server = await startTestServer();
    owner = await signUp(server.url);
    const notes = "18-review-notes-only-editors-may-read";
    const created = await PostModel.create({ title: "A published post", body: "Its body", status: PostStatus.PUBLISHED, authorId: owner.user.id, reviewNotes: notes });
    post = { id: created._id.toString(), title: created.title, notes };
  });
  afterAll(() => server.stop());

  const unauthenticatedAt = (path: Array<string | number>) => ({
    message: expect.any(String),
    locations: expect.any(Array),
    path,
    // What the field requires comes with it (test/authorization/denials.test.ts checks its contents).
    extensions: { code: "UNAUTHENTICATED", required: expect.any(Object), missing: "signed-in" },
  });

  it("18: Query.me with no token is null with UNAUTHENTICATED at [me], HTTP 200", async () => {
    const response = await graphql(server.url, "{ me { id email } }");
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { me: null }, errors: [unauthenticatedAt(["me"])] });
  });

  it("18: Query.users with no token is null with UNAUTHENTICATED at [users], HTTP 200", async () => {
    const response = await graphql(server.url, "{ users { edges { node { id email } } } }");
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { users: null }, errors: [unauthenticatedAt(["users"])] });
  });

  it("18: User.email and User.roles with no token are null with UNAUTHENTICATED at their own paths; id and displayName resolve", async () => {
    const response = await graphql(server.url, "query ($id: ID!) { user(id: $id) { id displayName email roles } }", { id: owner.user.id });
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({ user: { id: owner.user.id, displayName: "Test Person", email: null, roles: null } });
    expect(response.body.errors).toEqual([unauthenticatedAt(["user", "email"]), unauthenticatedAt(["user", "roles"])]);
    expect(JSON.stringify(response.body)).not.toContain(owner.email);
  });

  it("18: Post.reviewNotes with no token is null with UNAUTHENTICATED; the post's public fields resolve", async () => {
    const response = await graphql(server.url, "query ($id: ID!) { post(id: $id) { id title reviewNotes } }", { id: post.id });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { post: { id: post.id, title: post.title, reviewNotes: null } }, errors: [unauthenticatedAt(["post", "reviewNotes"])] });
    expect(JSON.stringify(response.body)).not.toContain(post.notes);
  });

  it("18: public fields in the same request as denied ones still resolve", async () => {
    const response = await graphql(
      server.url,
      "query ($id: ID!) { viewer { id } me { id } post(id: $id) { id title author { id displayName } } users { edges { node { id } } } }",
      { id: post.id },
    );
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({
      viewer: null,
      me: null,
      post: { id: post.id, title: post.title, author: { id: owner.user.id, displayName: "Test Person" } },
      users: null,
    });
    expect(response.body.errors).toEqual([unauthenticatedAt(["me"]), unauthenticatedAt(["users"])]);
  });

  it("18: a protected mutation with no token is UNAUTHENTICATED at its path and changes nothing", async () => {
    const title = "18: written without a token";
    const response = await graphql(server.url, "mutation ($input: CreatePostInput!) { createPost(input: $input) { id } }", { input: { title, body: "b" } });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { createPost: null }, errors: [unauthenticatedAt(["createPost"])] });
    expect(await PostModel.countDocuments({ title })).toBe(0);
  });

  it("18: signIn works with no token", async () => {
    const response = await graphql(
      server.url,
      "mutation ($email: String!, $password: String!) { signIn(email: $email, password: $password) { accessToken tokenType user { id displayName } } }",
      { email: owner.email, password: owner.password },
    );
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { signIn: { accessToken: expect.any(String), tokenType: "Bearer", user: { id: owner.user.id, displayName: "Test Person" } } } });
  });

  it("18: signIn's payload shows the account that signed in its own email and roles, though the request had no token", async () => {
    const response = await graphql(
      server.url,
      "mutation ($email: String!, $password: String!) { signIn(email: $email, password: $password) { user { id email roles } } }",
      { email: owner.email, password: owner.password },
    );
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { signIn: { user: { id: owner.user.id, email: owner.email, roles: ["USER"] } } } });
  });

  it("18: signing in does not authenticate the rest of the request: a protected mutation after signIn in the same operation is UNAUTHENTICATED", async () => {
    const title = "18: written right after an in-request signIn";
    const response = await graphql(
      server.url,
      "mutation ($email: String!, $password: String!, $input: CreatePostInput!) { signIn(email: $email, password: $password) { accessToken } createPost(input: $input) { id } }",
      { email: owner.email, password: owner.password, input: { title, body: "b" } },
    );
    expect(response.status).toBe(200);
    // signIn succeeds and answers with its tokens; createPost, judged by the request's own (absent) token, is refused.
    expect(response.body).toEqual({ data: { signIn: { accessToken: expect.any(String) }, createPost: null }, errors: [unauthenticatedAt(["createPost"])] });
    expect(await PostModel.countDocuments({ title })).toBe(0);
  });

  it("18: (control) a token unlocks the very fields that were denied without one", async () => {
    const response = await graphql(server.url, "query ($id: ID!) { me { id } user(id: $id) { email roles } }", { id: owner.user.id }, { token: owner.accessToken });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { me: { id: owner.user.id }, user: { email: owner.email, roles: ["USER"] } } });
  });
}
