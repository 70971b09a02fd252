import { Redis } from "ioredis";
import { signIn, signUp } from "../helpers/graphql.js";
import { startTestServer, testEnvironment, type TestServer } from "../helpers/server.js";
import { firstEvent, subscribe, type Subscription } from "../helpers/subscriptions.js";
import { draft, publish } from "./publishing.js";

// With REDIS_URL, an event published on instance A reaches subscribers on instance B. Two instances in
// this process, on one database and one key, each with its own event bus and Redis clients. Whatever
// arrives from the channel is only an id: B reads the post as each of its subscribers may see it.
//
// Needs Redis at TESSERA_TEST_REDIS_URL (default redis://127.0.0.1:6379).
export default function acrossInstances(): void {
  const REDIS_URL = process.env.TESSERA_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
  const CHANNEL = "tessera:events";
  const ID_ONLY = "subscription { postPublished { id } }";

  let a: TestServer;
  let b: TestServer;
  let redis: Redis;
  let editorOnA: string;
  let editorOnB: string;
  let author: string;
  const open: Subscription[] = [];

  beforeAll(async () => {
    redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect().catch((error: unknown) => {
      throw new Error(`this test needs Redis at ${REDIS_URL}: ${String(error)}`);
    });
    const env = testEnvironment({ REDIS_URL });
    a = await startTestServer(env);
    b = await startTestServer(env);
    editorOnA = (await signIn(a.url, "editor@tessera.dev", "tessera-demo")).accessToken;
    editorOnB = (await signIn(b.url, "editor@tessera.dev", "tessera-demo")).accessToken;
    author = (await signUp(a.url)).accessToken;
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((subscription) => subscription.dispose()));
  });
  afterAll(async () => {
    // One database connection serves both: A's stop closes it, after B's.
    await b?.tessera.stop();
    await a?.stop();
    redis?.disconnect();
  });

  function subscribeOnB(query: string, token?: string): Subscription {
    const subscription = subscribe(b.url, query, { token });
    open.push(subscription);
    return subscription;
  }

  it("a subscriber on B hears a post published on A", async () => {
    const subscription = subscribeOnB("subscription { postPublished { id title } }");
    const post = await draft(a.url, author);
    expect(await firstEvent(subscription, () => publish(a.url, editorOnA, post.id))).toEqual({ data: { postPublished: { id: post.id, title: post.title } } });
  });

  it("an event naming a draft reaches an EDITOR and skips an anonymous subscriber, who gets the next published post", async () => {
    const [anonymous, editor] = [subscribeOnB(ID_ONLY), subscribeOnB(ID_ONLY, editorOnB)];
    // Both listening before the draft's event: each has heard a warm-up publication.
    const warmUp = await draft(a.url, author);
    for (const subscription of [anonymous, editor]) await firstEvent(subscription, () => publish(a.url, editorOnA, warmUp.id));
    const drain = async (subscription: Subscription) => {
      for (let result = await subscription.next(300); result; result = await subscription.next(300));
    };
    await Promise.all([drain(anonymous), drain(editor)]);

    const secret = await draft(a.url, author);
    await redis.publish(CHANNEL, JSON.stringify({ origin: "another-instance", topic: "POST_PUBLISHED", payload: { id: secret.id } }));
    const published = await draft(a.url, author);
    await publish(a.url, editorOnA, published.id);

    expect([await editor.next(), await editor.next()]).toEqual([{ data: { postPublished: { id: secret.id } } }, { data: { postPublished: { id: published.id } } }]);
    expect(await anonymous.next()).toEqual({ data: { postPublished: { id: published.id } } });
  });

  it("a malformed message on the channel is ignored, and later events still arrive", async () => {
    const subscription = subscribeOnB(ID_ONLY);
    const post = await draft(a.url, author);
    await firstEvent(subscription, () => publish(a.url, editorOnA, post.id));
    for (const text of ["not json", JSON.stringify({ origin: "x", topic: "NO_SUCH_TOPIC", payload: {} }), JSON.stringify({ origin: "x", topic: "POST_PUBLISHED", payload: { id: { $ne: null } } })]) {
      await redis.publish(CHANNEL, text);
    }
    const next = await draft(a.url, author);
    await publish(a.url, editorOnA, next.id);
    let result = await subscription.next();
    while (result?.data?.postPublished.id === post.id) result = await subscription.next();
    expect(result).toEqual({ data: { postPublished: { id: next.id } } });
    expect(b.logs.filter((line) => line.includes("ignored a malformed event message"))).toHaveLength(3);
  });
}
