import { Kind, print, type DocumentNode } from "graphql";
import { REFRESH_SESSION } from "@tessera/client";
import * as generated from "../../examples/web/src/gql/graphql.js";
import { graphql, type GraphQLResponse } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

// The default operation limits (depth 12, 15 aliases, 50 directives, cost 10,000, page size 100) must
// never be met by what a real frontend sends. The real frontend is the example app (examples/web): every
// operation it sends, taken from its generated typed documents with the variables it sends, runs here
// in the order a person using the app causes them, against a server with the default limits, and must
// come back with no error at all: in particular, no *_LIMIT_EXCEEDED.
export default function realisticOperations(): void {
  function isDocument(value: unknown): value is DocumentNode {
    return typeof value === "object" && value !== null && (value as DocumentNode).kind === Kind.DOCUMENT;
  }

  /** The example app's operations by name, as the client sends them (with their fragments), and @tessera/client's refresh. */
  const OPERATIONS = new Map([
    ...Object.values(generated)
      .filter(isDocument)
      .flatMap((document) =>
        document.definitions.flatMap((definition) =>
          definition.kind === Kind.OPERATION_DEFINITION ? [[definition.name!.value, print(document)] as const] : [],
        ),
      ),
    ["RefreshSession", REFRESH_SESSION] as const,
  ]);

  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  const ran = new Set<string>();

  /** Sends one of the app's operations and checks it was neither refused by a limit nor failed otherwise. */
  async function send(name: string, variables: Record<string, unknown> = {}, token?: string): Promise<Record<string, any>> {
    const document = OPERATIONS.get(name);
    if (!document) throw new Error(`the example app has no operation named ${name}`);
    const response: GraphQLResponse = await graphql(server.url, document, variables, { token });
    ran.add(name);
    const codes = (response.body.errors ?? []).map((error) => error.extensions?.code);
    expect(codes.filter((code) => typeof code === "string" && code.endsWith("_LIMIT_EXCEEDED"))).toEqual([]);
    expect({ status: response.status, errors: response.body.errors }).toEqual({ status: 200, errors: undefined });
    return response.body.data!;
  }

  const state: { user?: { accessToken: string; refreshToken: string; id: string }; editor?: string; postIds: string[] } = { postIds: [] };

  it("SignIn is not refused by any limit", async () => {
    const { signIn } = await send("SignIn", { email: "user@tessera.dev", password: "tessera-demo" });
    state.user = { accessToken: signIn.accessToken, refreshToken: signIn.refreshToken, id: signIn.user.id };
    state.editor = (await send("SignIn", { email: "editor@tessera.dev", password: "tessera-demo" })).signIn.accessToken;
  });

  it("Me (the app shell) is not refused by any limit", async () => {
    expect((await send("Me", {}, state.user!.accessToken)).me.id).toBe(state.user!.id);
  });

  it("CreatePost and UpdatePost are not refused by any limit", async () => {
    for (let i = 0; i < 3; i++) {
      const { createPost } = await send("CreatePost", { input: { title: `Post ${i}`, body: `Body of post ${i}.` } }, state.user!.accessToken);
      state.postIds.push(createPost.id);
    }
    await send("UpdatePost", { id: state.postIds[0], input: { title: "Post 0, edited", body: "Edited." } }, state.user!.accessToken);
  });

  it("Drafts, the author's and the editor's review queue, with posts(first: 50), is not refused by any limit", async () => {
    expect((await send("Drafts", { authorId: state.user!.id }, state.user!.accessToken)).posts.edges).toHaveLength(3);
    expect((await send("Drafts", {}, state.editor)).posts.edges.length).toBeGreaterThanOrEqual(3);
  });

  it("PublishPost with review notes is not refused by any limit", async () => {
    for (const id of state.postIds) await send("PublishPost", { id, reviewNotes: "Looks good." }, state.editor);
  });

  it("PublishedPosts, the home page and its next page, is not refused by any limit, signed in or not", async () => {
    const first = await send("PublishedPosts", {});
    expect(first.posts.edges.length).toBe(state.postIds.length);
    await send("PublishedPosts", { after: first.posts.edges[0].cursor }, state.user!.accessToken);
  });

  it("Author, a person's page with posts(first: 20), is not refused by any limit, signed in or not", async () => {
    expect((await send("Author", { id: state.user!.id })).user.posts.edges).toHaveLength(3);
    await send("Author", { id: state.user!.id }, state.editor);
  });

  it("RefreshSession and SignOut are not refused by any limit", async () => {
    const { refreshToken } = await send("RefreshSession", { refreshToken: state.user!.refreshToken });
    expect((await send("SignOut", { refreshToken: refreshToken.refreshToken })).signOut).toBe(true);
  });

  it("every operation of the example app was sent above", () => {
    expect(OPERATIONS.size).toBeGreaterThanOrEqual(10);
    expect([...ran].sort()).toEqual([...OPERATIONS.keys()].sort());
  });
}
