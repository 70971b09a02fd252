import { PostModel, PostStatus } from "../../src/posts/post.model.js";
import { UserModel } from "../../src/users/user.model.js";
import { graphql, REFRESH, signIn, signUp } from "../helpers/graphql.js";
import { commandsDuring, filtersOf, isIdEquality } from "../helpers/db-commands.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

export default function dbCommands(): void {
  let server: TestServer;
  let userToken: string;

  /** The names of the database commands sent while `run` executes. */
  const commandNamesDuring = async (run: () => Promise<unknown>) => (await commandsDuring(run)).map((sent) => sent.commandName);

  beforeAll(async () => {
    server = await startTestServer({ MONGODB_MONITOR_COMMANDS: "true" });
    userToken = (await signIn(server.url, "user@tessera.dev", "tessera-demo")).accessToken;
    // 60 published posts by 6 different authors, so a page of 50 needs several users.
    const authors = await UserModel.insertMany(
      Array.from({ length: 6 }, (_, i) => ({ email: `author${i}@example.com`, displayName: `Author ${i}`, passwordHash: "x" })),
    );
    await PostModel.insertMany(
      Array.from({ length: 60 }, (_, i) => ({ title: `Post ${i}`, body: "text", status: PostStatus.PUBLISHED, authorId: authors[i % 6]!._id })),
    );
  });
  afterAll(() => server.stop());

  it("loads posts(first: 50) by 6 authors in 7 finds: the page, then each author once by _id, never once per post", async () => {
    const commands = await commandNamesDuring(async () => {
      const response = await graphql(server.url, "{ posts(first: 50) { edges { node { author { displayName } } } } }", {}, { token: userToken });
      expect(response.body.data!.posts.edges).toHaveLength(50);
    });
    // One `_id` equality per distinct author (the lookup FerretDB pushes down), not a `$in` that it would scan.
    expect(commands).toEqual(Array(7).fill("find"));
  });

  // Issue 20: these stay as fast at 100k users and tokens as at 1k, on every backend.
  it("signUp, signIn, refreshToken, signOut (here and everywhere) and changePassword filter by _id alone", async () => {
    const sent = await commandsDuring(async () => {
      const account = await signUp(server.url);
      const other = await signIn(server.url, account.email, account.password);
      const again = await signIn(server.url, account.email, account.password);
      const rotated = await graphql(server.url, REFRESH, { refreshToken: other.refreshToken });
      expect(rotated.body.data!.refreshToken.refreshToken).toMatch(/^rt_/);
      const signOut = "mutation ($refreshToken: String, $everywhere: Boolean) { signOut(refreshToken: $refreshToken, everywhere: $everywhere) }";
      expect((await graphql(server.url, signOut, { refreshToken: rotated.body.data!.refreshToken.refreshToken })).body.data!.signOut).toBe(true);
      const changePassword = "mutation ($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { accessToken } }";
      const changed = await graphql(server.url, changePassword, { c: account.password, n: "another good password" }, { token: again.accessToken });
      expect(changed.body.data!.changePassword.accessToken).toBeTruthy();
      const later = await signIn(server.url, account.email, "another good password");
      expect((await graphql(server.url, signOut, { refreshToken: later.refreshToken, everywhere: true })).body.data!.signOut).toBe(true);
    });
    const filters = sent.flatMap(filtersOf);
    expect(filters.length).toBeGreaterThan(10);
    expect(filters.filter(({ filter }) => !isIdEquality(filter))).toEqual([]);
  });

  it("decides viewer and denied fields from claims with 0 database commands", async () => {
    const commands = await commandNamesDuring(async () => {
      const response = await graphql(server.url, "{ viewer { id roles scopes } users(first: 5) { edges { node { id } } } }", {}, { token: userToken });
      expect(response.body.data!.viewer.roles).toEqual(["USER"]);
      expect(response.body.errors![0]!.extensions!.code).toBe("FORBIDDEN");
    });
    expect(commands).toEqual([]);
  });

  it("answers an anonymous request for a guarded field with 0 database commands", async () => {
    const commands = await commandNamesDuring(async () => {
      const response = await graphql(server.url, "{ me { id email } users { edges { node { id } } } }");
      expect(response.body.errors!.map((e) => e.extensions!.code)).toEqual(["UNAUTHENTICATED", "UNAUTHENTICATED"]);
    });
    expect(commands).toEqual([]);
  });
}
