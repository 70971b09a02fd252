import { freshDataDir, startApi, type ApiProcess } from "../helpers/process.js";
import { graphql, signIn } from "../helpers/graphql.js";

// Issue 16: in development, with the demo accounts, a fresh database has posts to explore: the playground's first
// query shows data. (The tests' own servers, NODE_ENV=test, start with none.)
export default function demoContent(): void {
  let api: ApiProcess;
  beforeAll(async () => {
    api = await startApi({ DATA_DIR: freshDataDir() });
  });
  afterAll(() => api?.stop());

  const TITLES = "{ posts { edges { node { title status author { displayName } } } } }";
  const titlesIn = (data: any) => data.posts.edges.map((edge: any) => `${edge.node.title} (${edge.node.status}, ${edge.node.author.displayName})`).sort();

  it("shows anyone the published demo posts, by each account", async () => {
    expect(titlesIn((await graphql(api.url, TITLES)).body.data)).toEqual([
      "How field rules work (PUBLISHED, Eddie Editor)",
      "My first post (PUBLISHED, Uma User)",
      "Release notes (PUBLISHED, Ada Admin)",
      "Welcome to Tessera (PUBLISHED, Eddie Editor)",
    ]);
  });

  it("shows a user their own draft too, and an editor every draft with the review notes", async () => {
    const user = await signIn(api.url, "user@tessera.dev", "tessera-demo");
    expect(titlesIn((await graphql(api.url, TITLES, {}, { token: user.accessToken })).body.data)).toContain("A draft only I can see (DRAFT, Uma User)");
    const editor = await signIn(api.url, "editor@tessera.dev", "tessera-demo");
    const seen = await graphql(api.url, "{ posts { edges { node { title status reviewNotes } } } }", {}, { token: editor.accessToken });
    const posts = seen.body.data!.posts.edges.map((edge: any) => edge.node);
    expect(posts).toHaveLength(6);
    expect(posts).toContainEqual({ title: "Welcome to Tessera", status: "PUBLISHED", reviewNotes: "Editor's pick." });
  });
}
