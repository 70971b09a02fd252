import { PostModel, PostStatus } from "../../src/posts/post.model.js";
import { UserModel } from "../../src/users/user.model.js";
import { graphql } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

export default function pagination(): void {
  let server: TestServer;
  let authorId: string;
  const PAGE = "query Page($first: Int, $after: String, $authorId: ID) { posts(first: $first, after: $after, authorId: $authorId) { edges { cursor node { title } } pageInfo { hasNextPage endCursor } } }";

  beforeAll(async () => {
    server = await startTestServer();
    const author = await UserModel.create({ email: "pager@example.com", displayName: "Pager", passwordHash: "x" });
    authorId = author._id.toString();
    // Inserted one at a time so ids, and so the newest-first order, are known: Post 0 is the oldest.
    for (let i = 0; i < 25; i++) await PostModel.create({ title: `Post ${i}`, body: "b", status: PostStatus.PUBLISHED, authorId: author._id });
    await PostModel.create({ title: "Hidden draft", body: "b", status: PostStatus.DRAFT, authorId: author._id });
  });
  afterAll(() => server.stop());

  const titles = (body: any) => body.data.posts.edges.map((e: any) => e.node.title);

  it("returns 20 by default, newest first, with a next page", async () => {
    const { body } = await graphql(server.url, PAGE, { authorId });
    expect(titles(body)).toHaveLength(20);
    expect(titles(body)[0]).toBe("Post 24");
    expect(body.data!.posts.pageInfo.hasNextPage).toBe(true);
  });

  it("walks to the last page with after and reports no next page, without drafts the viewer may not see", async () => {
    const first = await graphql(server.url, PAGE, { authorId, first: 20 });
    const last = await graphql(server.url, PAGE, { authorId, first: 20, after: first.body.data!.posts.pageInfo.endCursor });
    expect(titles(last.body)).toEqual(["Post 4", "Post 3", "Post 2", "Post 1", "Post 0"]);
    expect(last.body.data!.posts.pageInfo).toEqual({ hasNextPage: false, endCursor: last.body.data!.posts.edges[4].cursor });
  });

  it("returns an empty page with a null endCursor for an author with no posts", async () => {
    const { body } = await graphql(server.url, PAGE, { authorId: "64b7f0000000000000000000" });
    expect(body.data!.posts).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  it.each([0, -1])("refuses first: %d with BAD_USER_INPUT", async (first) => {
    const { body } = await graphql(server.url, PAGE, { first });
    expect(body.errors![0]).toMatchObject({ message: "first must be between 1 and 100", extensions: { code: "BAD_USER_INPUT" } });
  });

  it.each([101, 99999999])("refuses first: %d before execution with 400 PAGE_SIZE_LIMIT_EXCEEDED", async (first) => {
    const response = await graphql(server.url, PAGE, { first });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      errors: [{ message: "first must be at most 100", extensions: { code: "PAGE_SIZE_LIMIT_EXCEEDED", limit: 100 } }],
    });
  });

  it.each(["garbage", "YzE6bm90LWFuLWlk", Buffer.from("c1:" + "f".repeat(23)).toString("base64url"), "x".repeat(500)])(
    "refuses the cursor %s with BAD_USER_INPUT",
    async (after) => {
      const { body } = await graphql(server.url, PAGE, { after });
      expect(body.errors![0]).toMatchObject({ message: "after is not a valid cursor", extensions: { code: "BAD_USER_INPUT" } });
    },
  );
}
