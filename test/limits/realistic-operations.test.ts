import { graphql, type GraphQLResponse } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { FRONTEND_OPERATIONS, type FrontendOperationName } from "./frontend-operations.js";

// The default operation limits (depth 12, 15 aliases, 50 directives, cost 10,000, page size 100) must
// never be met by what a real frontend sends. Each operation of frontend-operations.ts runs here, in the
// order a person using the app would cause them, against a server with the default limits, and must
// come back with no error at all: in particular, no *_LIMIT_EXCEEDED.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const ran = new Set<FrontendOperationName>();

/** Sends one frontend operation and checks it was neither refused by a limit nor failed otherwise. */
async function send(name: FrontendOperationName, variables: Record<string, unknown> = {}, token?: string): Promise<Record<string, any>> {
  const response: GraphQLResponse = await graphql(server.url, FRONTEND_OPERATIONS[name], variables, { token });
  ran.add(name);
  const codes = (response.body.errors ?? []).map((error) => error.extensions?.code);
  expect(codes.filter((code) => typeof code === "string" && code.endsWith("_LIMIT_EXCEEDED"))).toEqual([]);
  expect({ status: response.status, errors: response.body.errors }).toEqual({ status: 200, errors: undefined });
  return response.body.data!;
}

const state: {
  user?: { accessToken: string; refreshToken: string; id: string };
  editor?: string;
  admin?: string;
  newcomer?: { accessToken: string; id: string; password: string };
  postIds: string[];
} = { postIds: [] };

it("SignIn is not refused by any limit", async () => {
  const { signIn } = await send("SignIn", { email: "user@tessera.dev", password: "tessera-demo" });
  state.user = { accessToken: signIn.accessToken, refreshToken: signIn.refreshToken, id: signIn.user.id };
  state.editor = (await send("SignIn", { email: "editor@tessera.dev", password: "tessera-demo" })).signIn.accessToken;
  state.admin = (await send("SignIn", { email: "admin@tessera.dev", password: "tessera-demo" })).signIn.accessToken;
});

it("SignUp is not refused by any limit", async () => {
  const password = "a new person's passphrase";
  const { signUp } = await send("SignUp", { input: { email: `frontend-${Date.now()}@example.com`, password, displayName: "New Person" } });
  state.newcomer = { accessToken: signUp.accessToken, id: signUp.user.id, password };
});

it("Viewer (the app shell) is not refused by any limit", async () => {
  const data = await send("Viewer", {}, state.user!.accessToken);
  expect(data.viewer.id).toBe(state.user!.id);
});

it("CreatePost is not refused by any limit", async () => {
  for (let i = 0; i < 3; i++) {
    const { createPost } = await send("CreatePost", { input: { title: `Post ${i}`, body: `Body of post ${i}.` } }, state.user!.accessToken);
    state.postIds.push(createPost.id);
  }
});

it("UpdatePost is not refused by any limit", async () => {
  await send("UpdatePost", { id: state.postIds[0], input: { title: "Post 0, edited" } }, state.user!.accessToken);
});

it("PublishPost is not refused by any limit", async () => {
  for (const id of state.postIds) await send("PublishPost", { id, reviewNotes: "Looks good." }, state.editor);
});

it("Feed with posts(first: 50), authors and review notes is not refused by any limit", async () => {
  const data = await send("Feed", { first: 50 }, state.editor);
  expect(data.posts.edges.length).toBeGreaterThanOrEqual(state.postIds.length);
});

it("Feed for an anonymous visitor, without the editor-only field, is not refused by any limit", async () => {
  // reviewNotes would be UNAUTHENTICATED for a visitor: the feed asks for it only when signed in.
  const response = await graphql(server.url, FRONTEND_OPERATIONS.Feed, { first: 50 });
  const codes = (response.body.errors ?? []).map((error) => error.extensions?.code);
  expect(codes.filter((code) => typeof code === "string" && code.endsWith("_LIMIT_EXCEEDED"))).toEqual([]);
  expect(response.status).toBe(200);
});

it("PostPage is not refused by any limit", async () => {
  const data = await send("PostPage", { id: state.postIds[0] }, state.editor);
  expect(data.post.id).toBe(state.postIds[0]);
});

it("UserProfile with posts(first: 20) is not refused by any limit", async () => {
  const data = await send("UserProfile", { id: state.user!.id, first: 20 }, state.user!.accessToken);
  expect(data.user.posts.edges.length).toBeGreaterThanOrEqual(state.postIds.length);
});

it("AdminUsers is not refused by any limit", async () => {
  const data = await send("AdminUsers", { first: 50 }, state.admin);
  expect(data.users.edges.length).toBeGreaterThanOrEqual(4);
});

it("SetUserRoles is not refused by any limit", async () => {
  await send("SetUserRoles", { userId: state.newcomer!.id, roles: ["USER"] }, state.admin);
});

it("ChangePassword is not refused by any limit", async () => {
  const { newcomer } = state;
  await send("ChangePassword", { currentPassword: newcomer!.password, newPassword: "another long passphrase" }, newcomer!.accessToken);
});

it("DeletePost is not refused by any limit", async () => {
  const { deletePost } = await send("DeletePost", { id: state.postIds.pop() }, state.user!.accessToken);
  expect(deletePost).toBe(true);
});

it("Refresh is not refused by any limit", async () => {
  const { refreshToken } = await send("Refresh", { refreshToken: state.user!.refreshToken });
  state.user!.refreshToken = refreshToken.refreshToken;
});

it("SignOut is not refused by any limit", async () => {
  const { signOut } = await send("SignOut", { refreshToken: state.user!.refreshToken });
  expect(signOut).toBe(true);
});

it("every operation in frontend-operations.ts was sent above", () => {
  expect([...ran].sort()).toEqual(Object.keys(FRONTEND_OPERATIONS).sort());
});
