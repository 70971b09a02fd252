import mongoose from "mongoose";
import { commandsDuring, filtersOf, type SentCommand } from "../helpers/db-commands.js";
import { graphql as send, REFRESH, signIn, signUp } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

// Issue 20: on a real MongoDB (MONGODB_URI), every query that a request path sends is served by an index:
// explain() on each shows no collection scan and no in-memory sort. The embedded default has no such plans to
// read (FerretDB scans whatever is not a lone _id equality; db-commands.suite.ts holds the auth paths to that), so
// this file runs only when MONGODB_URI names a MongoDB, as the issue allows.
const MONGODB_URI = process.env.MONGODB_URI;
const onMongoDb = MONGODB_URI ? describe : describe.skip;

/** A fresh database on the server MONGODB_URI names, so that the run starts from nothing and leaves the rest alone. */
function freshDatabase(uri: string): string {
  const url = new URL(uri);
  url.pathname = `/tessera_plans_${Date.now().toString(36)}`;
  return url.toString();
}

/** Stages that mean the query read every document, or sorted in memory. */
const FORBIDDEN_STAGES = new Set(["COLLSCAN", "SORT"]);

/** Every stage named anywhere in a plan, whichever engine (classic or SBE) and format explain answers in. */
function stagesOf(plan: unknown): string[] {
  if (Array.isArray(plan)) return plan.flatMap(stagesOf);
  if (typeof plan !== "object" || plan === null) return [];
  return Object.entries(plan).flatMap(([key, value]) => (key === "stage" && typeof value === "string" ? [value] : stagesOf(value)));
}

/** One explainable statement per query the command carries: explain takes one update or delete statement at a time. */
function explainable({ commandName, command }: SentCommand): Record<string, unknown>[] {
  const { lsid: _l, $clusterTime: _c, $db: _d, txnNumber: _t, writeConcern: _w, $readPreference: _r, ...rest } = command;
  switch (commandName) {
    case "find":
    case "count":
    case "distinct":
    case "aggregate":
    case "findAndModify":
      return [rest];
    case "update":
      return (rest.updates as unknown[]).map((statement) => ({ ...rest, updates: [statement] }));
    case "delete":
      return (rest.deletes as unknown[]).map((statement) => ({ ...rest, deletes: [statement] }));
    default:
      return [];
  }
}

onMongoDb("on MONGODB_URI, every query on a request path is served by an index", () => {
  let server: TestServer;
  let sent: SentCommand[] = [];

  beforeAll(async () => {
    server = await startTestServer({ MONGODB_URI: freshDatabase(MONGODB_URI!), MONGODB_MONITOR_COMMANDS: "true", SEED_DEMO_POSTS: "true" });
    const url = server.url;
    /** Every operation here must succeed: one that failed would leave its path unexplained. */
    const graphql = async (...[, query, variables, options]: Parameters<typeof send>) => {
      const response = await send(url, query, variables, options);
      expect(response.body.errors).toBeUndefined();
      return response;
    };
    sent = await commandsDuring(async () => {
      const [user, editor, admin] = await Promise.all(["user", "editor", "admin"].map((who) => signIn(url, `${who}@tessera.dev`, "tessera-demo")));
      const as = (session: { accessToken: string }) => ({ token: session.accessToken });
      const page = "query ($after: String, $authorId: ID, $status: PostStatus) { posts(first: 5, after: $after, authorId: $authorId, status: $status) { edges { node { id title author { displayName posts(first: 3) { edges { node { id } } } } } } pageInfo { endCursor } } }";
      const first = await graphql(url, page, {}, as(user));
      const someId = first.body.data!.posts.edges[0].node.id as string;
      await graphql(url, page, { after: first.body.data!.posts.pageInfo.endCursor }, as(user));
      await graphql(url, page, { authorId: user.user.id, status: "DRAFT" }, as(user));
      await graphql(url, page, {}, as(editor));
      await graphql(url, page, {});
      await graphql(url, "query ($id: ID!, $uid: ID!) { post(id: $id) { id } user(id: $uid) { id } me { id email } viewer { id } }", { id: someId, uid: user.user.id }, as(user));
      const created = await graphql(url, 'mutation { createPost(input: { title: "Plans", body: "Explained." }) { id } }', {}, as(editor));
      const postId = created.body.data!.createPost.id as string;
      await graphql(url, 'mutation ($id: ID!) { updatePost(id: $id, input: { title: "Plans, again" }) { id } }', { id: postId }, as(editor));
      await graphql(url, "mutation ($id: ID!) { publishPost(id: $id) { id } }", { id: postId }, as(editor));
      await graphql(url, "mutation ($id: ID!) { deletePost(id: $id) }", { id: postId }, as(admin));
      const account = await signUp(url);
      await graphql(url, "{ users(first: 5) { edges { node { id } } } }", {}, as(admin));
      await graphql(url, "mutation ($id: ID!) { setUserRoles(userId: $id, roles: [USER, EDITOR]) { id } }", { id: account.user.id }, as(admin));
      const again = await signIn(url, account.email, account.password);
      const rotated = await graphql(url, REFRESH, { refreshToken: again.refreshToken });
      await graphql(url, "mutation ($t: String) { signOut(refreshToken: $t) }", { t: rotated.body.data!.refreshToken.refreshToken });
      const changer = await signIn(url, account.email, account.password);
      await graphql(url, "mutation ($c: String!) { changePassword(currentPassword: $c, newPassword: \"a new long password\") { accessToken } }", { c: account.password }, as(changer));
      const last = await signIn(url, account.email, "a new long password");
      await graphql(url, "mutation ($t: String) { signOut(refreshToken: $t, everywhere: true) }", { t: last.refreshToken });
      await graphql(url, "mutation ($id: ID!) { revokeSessions(userId: $id) }", { id: account.user.id }, as(admin));
      await graphql(url, "mutation ($id: ID!) { setUserDisabled(userId: $id, disabled: true) { id } }", { id: account.user.id }, as(admin));
    });
  }, 120_000);
  afterAll(async () => {
    await mongoose.connection.db?.dropDatabase();
    await server?.stop();
  });

  it("sent queries to explain: the request paths ran", () => {
    expect(sent.flatMap(filtersOf).length).toBeGreaterThan(30);
  });

  it("explains each: an index serves it, with no collection scan and no in-memory sort", async () => {
    const plans = [];
    for (const command of sent) {
      for (const statement of explainable(command)) {
        const explained = await mongoose.connection.db!.command({ explain: statement, verbosity: "queryPlanner" });
        const winning = explained.queryPlanner?.winningPlan;
        expect(winning).toBeDefined();
        plans.push({ command: command.commandName, collection: command.command[command.commandName], filter: filtersOf(command), stages: stagesOf(winning) });
      }
    }
    expect(plans.length).toBeGreaterThan(30);
    expect(plans.filter((plan) => plan.stages.some((stage) => FORBIDDEN_STAGES.has(stage)))).toEqual([]);
  });
});
