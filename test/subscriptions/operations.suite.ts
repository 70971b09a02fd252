import { graphql } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { MAX_SUBSCRIPTIONS_PER_CONNECTION } from "../../src/subscriptions/subscription-server.js";
import { createTestClient, subscribe, subscribeOn, type Subscription } from "../helpers/subscriptions.js";

// Over the socket, an operation meets the same validation and limits as over HTTP, before anything runs.
export default function operations(): void {
  let server: TestServer;
  const open: Subscription[] = [];

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((subscription) => subscription.dispose()));
  });
  afterAll(() => server.stop());

  async function refusal(query: string): Promise<unknown> {
    const subscription = subscribe(server.url, query);
    open.push(subscription);
    return subscription.errors;
  }

  const nested = (levels: number) => {
    let selection = "id";
    for (let i = 0; i < levels; i++) selection = `author { posts(first: 1) { edges { node { ${selection} } } } }`;
    return `subscription { postPublished { ${selection} } }`;
  };

  it.each([
    ["deeper than LIMIT_DEPTH", "DEPTH_LIMIT_EXCEEDED", nested(3)],
    ["more aliases than LIMIT_ALIASES", "ALIAS_LIMIT_EXCEEDED", `subscription { postPublished { ${Array.from({ length: 16 }, (_, i) => `a${i}: id`).join(" ")} } }`],
    ["costlier than LIMIT_COST", "COST_LIMIT_EXCEEDED", "subscription { postPublished { author { posts(first: 100) { edges { node { author { posts(first: 100) { edges { node { id } } } } } } } } } }"],
    ["a page above 100", "PAGE_SIZE_LIMIT_EXCEEDED", "subscription { postPublished { author { posts(first: 101) { edges { node { id } } } } } }"],
    ["not GraphQL", "GRAPHQL_PARSE_FAILED", "subscription { postPublished {"],
    ["a field that does not exist", "GRAPHQL_VALIDATION_FAILED", "subscription { postPublished { secret } }"],
    ["a query, which belongs on HTTP", "BAD_REQUEST", "{ viewer { id } }"],
    ["a mutation, which belongs on HTTP", "BAD_REQUEST", 'mutation { signIn(email: "a@b.c", password: "whatever1") { accessToken } }'],
  ])("%s: refused with %s before anything runs", async (_label, code, query) => {
    const errors = (await refusal(query)) as Array<{ extensions?: Record<string, unknown> }>;
    expect(errors.map((error) => error.extensions?.code)).toContain(code);
    for (const error of errors) expect(error.extensions).not.toHaveProperty("http");
  });

  it("a subscription sent over HTTP is refused with 400 BAD_REQUEST, and nothing runs", async () => {
    const response = await graphql(server.url, "subscription { postPublished { id } }");
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ extensions: { code: "BAD_REQUEST" } })]);
    expect(server.logs.join("")).not.toContain("resolver failed");
  });

  it(`one connection runs at most ${MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions at once: the next is refused with SUBSCRIPTION_LIMIT_EXCEEDED`, async () => {
    const { client, connected } = createTestClient(server.url);
    const running = Array.from({ length: MAX_SUBSCRIPTIONS_PER_CONNECTION }, () => subscribeOn(client, "subscription { postPublished { id } }"));
    await connected;
    const refused = subscribeOn(client, "subscription { postPublished { id } }");
    expect(await refused.errors).toEqual([expect.objectContaining({ extensions: { code: "SUBSCRIPTION_LIMIT_EXCEEDED", limit: MAX_SUBSCRIPTIONS_PER_CONNECTION } })]);
    // The others are still running: none ended with errors.
    const ended = await Promise.race([Promise.any(running.map((subscription) => subscription.errors)), new Promise((resolve) => setTimeout(() => resolve("running"), 200))]);
    expect(ended).toBe("running");
    await client.dispose();
  });
}
