import { PostModel, PostStatus } from "../../src/posts/post.model.js";
import { UserModel } from "../../src/users/user.model.js";
import { signIn, signUp } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { signWithServerKey, validClaims } from "../helpers/tokens.js";

// Catalogue 19: wrong role or scope → that field null with FORBIDDEN; sibling fields resolve
// (partial results); the denied value never appears anywhere in the response, searched as the
// raw body text the server sent.
export default function wrongRoleOrScopeIsForbidden(): void {
  type Account = Awaited<ReturnType<typeof signUp>>;

  let server: TestServer;
  let reader: Account; // a USER: the viewer who is refused
  let victim: Account; // another USER, whose private fields are asked for
  let editorToken: string;
  let adminToken: string;
  const notes = "19-review-notes-for-editors-only";
  let post: { id: string; title: string; body: string };

  beforeAll(async () => {
    server = await startTestServer();
    reader = await signUp(server.url);
    victim = await signUp(server.url);
    editorToken = (await signIn(server.url, "editor@tessera.dev", "tessera-demo")).accessToken;
    adminToken = (await signIn(server.url, "admin@tessera.dev", "tessera-demo")).accessToken;
    // The reader's own post, so "author" is not mistaken for "EDITOR".
    const created = await PostModel.create({ title: "19 title", body: "19 body", status: PostStatus.PUBLISHED, authorId: reader.user.id, reviewNotes: notes });
    post = { id: created._id.toString(), title: created.title, body: created.body };
    await PostModel.create({ title: "19 victim's post", body: "b", status: PostStatus.PUBLISHED, authorId: victim.user.id });
  });
  afterAll(() => server.stop());

  /** The response exactly as sent: status, the raw body text, and that text parsed. */
  async function post19(query: string, variables: Record<string, unknown>, token?: string) {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (token) headers.authorization = `Bearer ${token}`;
    const response = await fetch(server.url, { method: "POST", headers, body: JSON.stringify({ query, variables }) });
    const text = await response.text();
    return { status: response.status, text, body: JSON.parse(text) as { data?: any; errors?: any[] } };
  }

  const forbiddenAt = (path: Array<string | number>) => ({
    message: expect.any(String),
    locations: expect.any(Array),
    path,
    // What the field requires comes with it (test/authorization/denials.test.ts checks its contents).
    extensions: { code: "FORBIDDEN", required: expect.any(Object), missing: expect.stringMatching(/^(scopes|role-or-rule)$/) },
  });

  const USER_PRIVATE = "query ($id: ID!) { user(id: $id) { id displayName email roles } }";

  it("19: (control) with the right role, the values the other tests search for are in the raw body", async () => {
    const asAdmin = await post19(USER_PRIVATE, { id: victim.user.id }, adminToken);
    expect(asAdmin.text).toContain(victim.email);
    expect(asAdmin.body.data.user.roles).toEqual(["USER"]);
    const asEditor = await post19("query ($id: ID!) { post(id: $id) { reviewNotes } }", { id: post.id }, editorToken);
    expect(asEditor.text).toContain(notes);
  });

  it("19: a USER reading another user's email and roles gets both null with FORBIDDEN; id and displayName resolve", async () => {
    const response = await post19(USER_PRIVATE, { id: victim.user.id }, reader.accessToken);
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({ user: { id: victim.user.id, displayName: "Test Person", email: null, roles: null } });
    expect(response.body.errors).toEqual([forbiddenAt(["user", "email"]), forbiddenAt(["user", "roles"])]);
  });

  it("19: another user's email never appears in the raw body of a USER's denied request", async () => {
    const response = await post19(USER_PRIVATE, { id: victim.user.id }, reader.accessToken);
    expect(response.text).not.toContain(victim.email);
    expect(response.text).not.toContain('"USER"');
  });

  it("19: an EDITOR is FORBIDDEN another user's email too (ADMIN only: the hierarchy does not reach upward), and it never appears", async () => {
    const response = await post19(USER_PRIVATE, { id: victim.user.id }, editorToken);
    expect(response.status).toBe(200);
    expect(response.body.data.user).toEqual({ id: victim.user.id, displayName: "Test Person", email: null, roles: null });
    expect(response.body.errors).toEqual([forbiddenAt(["user", "email"]), forbiddenAt(["user", "roles"])]);
    expect(response.text).not.toContain(victim.email);
  });

  it("19: Post.reviewNotes is FORBIDDEN to a USER, even its author; title and body resolve; the notes never appear", async () => {
    const response = await post19("query ($id: ID!) { post(id: $id) { id title body reviewNotes } }", { id: post.id }, reader.accessToken);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { post: { ...post, reviewNotes: null } }, errors: [forbiddenAt(["post", "reviewNotes"])] });
    expect(response.text).not.toContain(notes);
  });

  it("19: Query.users is FORBIDDEN to a USER while viewer and posts in the same request resolve; no email appears", async () => {
    const response = await post19("{ viewer { id roles } users { edges { node { email } } } posts(first: 5) { edges { node { id } } } }", {}, reader.accessToken);
    expect(response.status).toBe(200);
    expect(response.body.data.viewer).toEqual({ id: reader.user.id, roles: ["USER"] });
    expect(response.body.data.users).toBeNull();
    expect(response.body.data.posts.edges.length).toBeGreaterThan(0);
    expect(response.body.errors).toEqual([forbiddenAt(["users"])]);
    for (const email of [victim.email, "admin@tessera.dev", "editor@tessera.dev", "user@tessera.dev"]) expect(response.text).not.toContain(email);
  });

  it("19: in one request, the viewer's own email resolves and another user's is FORBIDDEN", async () => {
    const response = await post19(
      "query ($mine: ID!, $theirs: ID!) { mine: user(id: $mine) { email } theirs: user(id: $theirs) { email } }",
      { mine: reader.user.id, theirs: victim.user.id },
      reader.accessToken,
    );
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { mine: { email: reader.email }, theirs: { email: null } }, errors: [forbiddenAt(["theirs", "email"])] });
    expect(response.text).not.toContain(victim.email);
  });

  it("19: in a list, each other author's email is FORBIDDEN at its own index, the viewer's own resolves, and no other email appears", async () => {
    const response = await post19("{ posts(first: 100) { edges { node { author { id email } } } } }", {}, reader.accessToken);
    expect(response.status).toBe(200);
    const authors: Array<{ id: string; email: string | null }> = response.body.data.posts.edges.map((edge: any) => edge.node.author);
    const others = authors.flatMap((author, index) => (author.id === reader.user.id ? [] : [index]));
    expect(others.length).toBeGreaterThan(0);
    expect(authors.filter((author) => author.id === reader.user.id).map((author) => author.email)).toEqual([reader.email]);
    // Authors load in a batch, so errors need not come in index order: compare them as a set.
    expect(response.body.errors).toHaveLength(others.length);
    expect(response.body.errors).toEqual(expect.arrayContaining(others.map((index) => forbiddenAt(["posts", "edges", index, "node", "author", "email"]))));
    for (const index of others) expect(authors[index]!.email).toBeNull();
    expect(response.text).not.toContain(victim.email);
  });

  it("19: a token whose scope lacks posts:write is FORBIDDEN createPost, and nothing is created", async () => {
    const token = await signWithServerKey(server.config, validClaims(server.config, reader.user.id, { roles: ["USER"], scope: "profile posts:read" }));
    const title = "19: written without posts:write";
    const response = await post19("mutation ($input: CreatePostInput!) { createPost(input: $input) { id title } }", { input: { title, body: "b" } }, token);
    expect(response.status).toBe(200);
    // createPost is non-null at the root, so its denial nulls `data` itself: there is no sibling to resolve.
    expect(response.body).toEqual({ data: { createPost: null }, errors: [forbiddenAt(["createPost"])] });
    expect(await PostModel.countDocuments({ title })).toBe(0);
  });

  it("19: (control) the same token with posts:write may createPost", async () => {
    const token = await signWithServerKey(server.config, validClaims(server.config, reader.user.id, { roles: ["USER"], scope: "profile posts:read posts:write" }));
    const response = await post19('mutation { createPost(input: { title: "19 control", body: "b" }) { title } }', {}, token);
    expect(response.body).toEqual({ data: { createPost: { title: "19 control" } } });
  });

  it("19: an ADMIN role with a scope lacking posts:write is still FORBIDDEN createPost (scopes and roles are both required)", async () => {
    const token = await signWithServerKey(server.config, validClaims(server.config, reader.user.id, { roles: ["ADMIN"], scope: "profile users:admin" }));
    const response = await post19('mutation { createPost(input: { title: "19 admin without scope", body: "b" }) { id } }', {}, token);
    expect(response.body).toEqual({ data: { createPost: null }, errors: [forbiddenAt(["createPost"])] });
    expect(await PostModel.countDocuments({ title: "19 admin without scope" })).toBe(0);
  });

  it("19: a USER is FORBIDDEN publishPost on their own draft, and the draft stays a draft", async () => {
    const draft = await PostModel.create({ title: "19 draft", body: "b", status: PostStatus.DRAFT, authorId: reader.user.id });
    const response = await post19('mutation ($id: ID!) { publishPost(id: $id, reviewNotes: "self-approved") { id status } }', { id: draft._id.toString() }, reader.accessToken);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { publishPost: null }, errors: [forbiddenAt(["publishPost"])] });
    expect(await PostModel.findById(draft._id).lean()).toMatchObject({ status: "DRAFT", reviewNotes: null });
  });

  it("19: an EDITOR is FORBIDDEN setUserRoles, and the target's roles are unchanged", async () => {
    const response = await post19("mutation ($id: ID!) { setUserRoles(userId: $id, roles: [ADMIN]) { id roles } }", { id: victim.user.id }, editorToken);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { setUserRoles: null }, errors: [forbiddenAt(["setUserRoles"])] });
    expect((await UserModel.findById(victim.user.id).lean())!.roles).toEqual(["USER"]);
  });
}
