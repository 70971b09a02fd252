import { PostModel, PostStatus } from "../../src/posts/post.model.js";
import { UserModel } from "../../src/users/user.model.js";
import { graphql } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

// Issue 15: LIMIT_EXECUTION_MS. An operation that runs out of time is answered with EXECUTION_TIMEOUT where it
// stopped, and the database work it started stops too: the query carries maxTimeMS for the time left.
export default function executionDeadline(): void {
  // A short limit, so that a few thousand posts (seeded in about a second each) already outlast it.
  const LIMIT_MS = 80;
  const POSTS = 4_000;
  const PAGE = "{ posts(first: 20) { edges { node { id title author { displayName } } } } }";

  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ LIMIT_EXECUTION_MS: String(LIMIT_MS) });
    // Enough posts that the embedded database (which scans for any query but a lone _id) needs far longer than the limit.
    const author = await UserModel.findOne({ email: "user@tessera.dev" }).lean();
    for (let batch = 0; batch < POSTS / 1_000; batch++) {
      await PostModel.insertMany(
        Array.from({ length: 1_000 }, (_, i) => ({ title: `Post ${batch}-${i}`, body: "Body", status: PostStatus.PUBLISHED, authorId: author!._id })),
      );
    }
  }, 120_000);
  afterAll(() => server.stop());

  it("(control) the page's query, run without a deadline, takes the embedded database longer than the limit", async () => {
    const started = performance.now();
    const rows = await PostModel.find({ status: PostStatus.PUBLISHED }).sort({ _id: -1 }).limit(21).lean();
    const ms = performance.now() - started;
    console.log(`the same find without a deadline: ${ms.toFixed(0)} ms`);
    expect(rows).toHaveLength(21);
    expect(ms).toBeGreaterThan(LIMIT_MS);
  });

  it("answers EXECUTION_TIMEOUT at the field that ran out of time, soon after the limit: the database stopped too", async () => {
    const started = performance.now();
    const response = await graphql(server.url, PAGE);
    const ms = performance.now() - started;
    console.log(`posts(first: 20) over ${POSTS} posts with LIMIT_EXECUTION_MS=${LIMIT_MS}: answered after ${ms.toFixed(0)} ms, ${JSON.stringify(response.body.errors?.map((e) => [e.path, e.extensions?.code]))}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { posts: null }, errors: [expect.objectContaining({ path: ["posts"], extensions: { code: "EXECUTION_TIMEOUT" } })] });
    // `posts` started well within the deadline, so its EXECUTION_TIMEOUT can only come from the database refusing
    // to go on (maxTimeMS expired, mapped by the deadline wrapper): the scan was stopped, not waited out.
  });

  it("leaves fast operations alone", async () => {
    expect((await graphql(server.url, "{ viewer { id } }")).body).toEqual({ data: { viewer: null } });
  });
}
