import { PostModel, PostStatus } from "../../src/posts/post.model.js";
import { graphql, signUp } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

// One refused or failing field never blanks what its siblings returned: every mutation field is nullable,
// and so are connections, so a mutation that committed is always reported, and an argument error on a
// nested connection leaves its parent object in place.
export default function partialResults(): void {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it("a denied mutation beside one that committed: the committed one keeps its answer, the denied one is null with FORBIDDEN", async () => {
    const writer = await signUp(server.url);
    const other = await signUp(server.url);
    const theirs = await PostModel.create({ title: "someone else's", body: "b", status: PostStatus.PUBLISHED, authorId: other.user.id });
    const title = `committed beside a denial ${Date.now()}`;
    const response = await graphql(
      server.url,
      "mutation ($input: CreatePostInput!, $id: ID!) { ok: createPost(input: $input) { id title } bad: deletePost(id: $id) }",
      { input: { title, body: "b" }, id: theirs._id.toString() },
      { token: writer.accessToken },
    );
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({ ok: { id: expect.any(String), title }, bad: null });
    expect(response.body.errors).toEqual([expect.objectContaining({ path: ["bad"], extensions: expect.objectContaining({ code: "FORBIDDEN" }) })]);
    // What the answer says is what happened: the first committed, the second changed nothing.
    expect(await PostModel.countDocuments({ _id: response.body.data!.ok.id, title })).toBe(1);
    expect(await PostModel.countDocuments({ _id: theirs._id })).toBe(1);
  });

  it("an argument error on a nested connection nulls that connection only, not the object holding it", async () => {
    const author = await signUp(server.url);
    const response = await graphql(server.url, "query ($id: ID!) { user(id: $id) { id displayName posts(first: 0) { edges { node { id } } } } }", {
      id: author.user.id,
    });
    expect(response.body.data).toEqual({ user: { id: author.user.id, displayName: expect.any(String), posts: null } });
    expect(response.body.errors).toEqual([expect.objectContaining({ path: ["user", "posts"], extensions: expect.objectContaining({ code: "BAD_USER_INPUT" }) })]);
  });
}
