import { graphql, signIn, signUp } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { firstEvent, subscribe, type Subscription } from "../helpers/subscriptions.js";
import { draft, publish, POST_PUBLISHED, POST_PUBLISHED_WITH_NOTES } from "./publishing.js";

// postPublished over graphql-ws on /graphql, against a real server: each event is read as its
// subscriber may see it, and the same field rules as in queries apply to it.
export default function postPublished(): void {
  let server: TestServer;
  let editor: string;
  let user: string;
  const open: Subscription[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    editor = (await signIn(server.url, "editor@tessera.dev", "tessera-demo")).accessToken;
    user = (await signUp(server.url)).accessToken;
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((subscription) => subscription.dispose()));
  });
  afterAll(() => server.stop());

  function subscribeAs(token: string | undefined, query: string): Subscription {
    const subscription = subscribe(server.url, query, { token });
    open.push(subscription);
    return subscription;
  }

  it("a signed-in subscriber receives a post when an EDITOR publishes it", async () => {
    const subscription = subscribeAs(user, POST_PUBLISHED);
    const post = await draft(server.url, user);
    const event = await firstEvent(subscription, () => publish(server.url, editor, post.id));
    expect(event).toEqual({ data: { postPublished: { id: post.id, title: post.title, status: "PUBLISHED", author: { displayName: "Test Person" } } } });
  });

  it("an anonymous subscriber receives it too: published posts are public", async () => {
    const subscription = subscribeAs(undefined, POST_PUBLISHED);
    const post = await draft(server.url, user);
    const event = await firstEvent(subscription, () => publish(server.url, editor, post.id));
    expect(event.data).toEqual({ postPublished: expect.objectContaining({ id: post.id, status: "PUBLISHED" }) });
    expect(event.errors).toBeUndefined();
  });

  it("an EDITOR's event carries reviewNotes", async () => {
    const subscription = subscribeAs(editor, POST_PUBLISHED_WITH_NOTES);
    const post = await draft(server.url, user);
    const event = await firstEvent(subscription, () => publish(server.url, editor, post.id, "notes for the editor"));
    expect(event).toEqual({ data: { postPublished: { id: post.id, reviewNotes: "notes for the editor" } } });
  });

  it("a USER's event has reviewNotes null with FORBIDDEN at its path, and the rest of the post", async () => {
    const subscription = subscribeAs(user, POST_PUBLISHED_WITH_NOTES);
    const post = await draft(server.url, user);
    const event = await firstEvent(subscription, () => publish(server.url, editor, post.id, "editors only"));
    expect(event.data).toEqual({ postPublished: { id: post.id, reviewNotes: null } });
    expect(event.errors).toEqual([expect.objectContaining({ path: ["postPublished", "reviewNotes"], extensions: { code: "FORBIDDEN", required: { roles: ["EDITOR"] }, missing: "role-or-rule" } })]);
    expect(JSON.stringify(event)).not.toContain("editors only");
  });

  it("an anonymous subscriber's event has reviewNotes null with UNAUTHENTICATED", async () => {
    const subscription = subscribeAs(undefined, POST_PUBLISHED_WITH_NOTES);
    const post = await draft(server.url, user);
    const event = await firstEvent(subscription, () => publish(server.url, editor, post.id, "editors only"));
    expect(event.data).toEqual({ postPublished: { id: post.id, reviewNotes: null } });
    expect(event.errors).toEqual([expect.objectContaining({ path: ["postPublished", "reviewNotes"], extensions: { code: "UNAUTHENTICATED", required: { roles: ["EDITOR"] }, missing: "signed-in" } })]);
  });

  it("each event is read afresh, with loaders of its own: new notes and the author's new roles show in the next event", async () => {
    const admin = (await signIn(server.url, "admin@tessera.dev", "tessera-demo")).accessToken;
    const author = await signUp(server.url);
    const subscription = subscribeAs(admin, "subscription { postPublished { reviewNotes author { roles } } }");
    const post = await draft(server.url, author.accessToken);
    const first = await firstEvent(subscription, () => publish(server.url, editor, post.id, "first notes"));
    expect(first.data).toEqual({ postPublished: { reviewNotes: "first notes", author: { roles: ["USER"] } } });

    const changed = await graphql(server.url, "mutation ($id: ID!) { setUserRoles(userId: $id, roles: [EDITOR]) { id } }", { id: author.user.id }, { token: admin });
    expect(changed.body.errors).toBeUndefined();
    await publish(server.url, editor, post.id, "second notes");
    let latest = await subscription.next();
    // Publications of the first notes still in flight when the first event arrived may come first.
    while (latest?.data?.postPublished.reviewNotes === "first notes") latest = await subscription.next();
    expect(latest?.data).toEqual({ postPublished: { reviewNotes: "second notes", author: { roles: ["EDITOR"] } } });
  });

  it("HTTP GET and POST on /graphql still answer beside the socket", async () => {
    const get = await fetch(`${server.url}?query=${encodeURIComponent("{ __typename }")}`, { headers: { "apollo-require-preflight": "true" } });
    const post = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ __typename }" }) });
    expect([get.status, await get.json(), post.status, await post.json()]).toEqual([200, { data: { __typename: "Query" } }, 200, { data: { __typename: "Query" } }]);
  });
}
