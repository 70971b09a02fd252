import { signIn, signUp } from "../helpers/graphql.js";
import { commandsDuring } from "../helpers/db-commands.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { subscribe, type Subscription } from "../helpers/subscriptions.js";
import { draft, POST_PUBLISHED, publish } from "./publishing.js";

// Issue 20: the database work of one event does not grow with its audience. The post is read once per event and
// each subscriber's viewer is held to the visibility rule in memory; the author is read once and shared.
export default function eventReads(): void {
  let server: TestServer;
  let editor: string;
  beforeAll(async () => {
    server = await startTestServer({ MONGODB_MONITOR_COMMANDS: "true" });
    editor = (await signIn(server.url, "editor@tessera.dev", "tessera-demo")).accessToken;
  });
  afterAll(() => server.stop());

  /** The collections read (find commands) while `run` executes. */
  const readsDuring = async (run: () => Promise<unknown>) =>
    (await commandsDuring(run)).filter((sent) => sent.commandName === "find").map((sent) => String(sent.command.find));

  /** Publishes a draft of the editor's to `subscribers`, once each has connected; what the delivery read. */
  async function oneEventTo(subscribers: Subscription[]): Promise<string[]> {
    // The server registers each subscription a moment after its frame: publish until every one has heard an event.
    const heard = new Set<Subscription>();
    for (let attempt = 0; heard.size < subscribers.length; attempt++) {
      if (attempt === 20) throw new Error(`${subscribers.length - heard.size} subscribers heard nothing`);
      const warmUp = await draft(server.url, editor);
      await publish(server.url, editor, warmUp.id);
      await Promise.all(subscribers.filter((s) => !heard.has(s)).map(async (s) => (await s.next(500)) && heard.add(s)));
    }
    // Every warm-up event still queued is drained, so the next one read is the measured event.
    await Promise.all(subscribers.map(async (s) => { while (await s.next(200)); }));
    const post = await draft(server.url, editor);
    return readsDuring(async () => {
      await publish(server.url, editor, post.id);
      const delivered = await Promise.all(subscribers.map((subscriber) => subscriber.next(10_000)));
      expect(delivered.map((event) => event?.data?.postPublished.id)).toEqual(subscribers.map(() => post.id));
    });
  }

  it("reads the same for 1 subscriber as for 30, with the author's name in every event", async () => {
    const tokens = await Promise.all(Array.from({ length: 29 }, async () => (await signUp(server.url)).accessToken));
    const one = [subscribe(server.url, POST_PUBLISHED, { token: tokens[0] })];
    const alone = await oneEventTo(one);
    const many = [...one, ...tokens.slice(1).map((token) => subscribe(server.url, POST_PUBLISHED, { token })), subscribe(server.url, POST_PUBLISHED)];
    try {
      const together = await oneEventTo(many);
      expect(together.length).toBe(alone.length);
      // What publishPost itself reads, plus the post and its author once for the whole audience.
      expect(together.filter((collection) => collection === "posts").length).toBeLessThanOrEqual(2);
      expect(together.filter((collection) => collection === "users").length).toBeLessThanOrEqual(1);
    } finally {
      await Promise.all(many.map((subscriber) => subscriber.dispose()));
    }
  }, 60_000);
}
