import { graphql, signIn, VIEWER } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { subscribe } from "../helpers/subscriptions.js";
import { waitUntil } from "../helpers/wait.js";

// Issue 16: at the default level (info), each operation gets one log line, and nothing else is written for it:
// operation name and type, duration, outcome and the viewer's sub, with the request id; nothing more personal.
// A refusal also writes its security event (which token or field was refused, and why).
export default function operationLog(): void {
  interface Entry {
    level: number;
    msg: string;
    reqId?: string;
    subscription?: string;
    [field: string]: unknown;
  }

  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  const entries = () => server.logs.map((line) => JSON.parse(line) as Entry);

  /** Every line logged for the request that got this response, once its operation line is written. */
  async function linesFor(response: { headers: Headers }): Promise<Entry[]> {
    const requestId = response.headers.get("x-request-id")!;
    const lines = () => entries().filter((entry) => entry.reqId === requestId);
    await waitUntil(() => lines().some((entry) => entry.msg === "operation"), 2_000);
    return lines();
  }

  it("a signed-in query: one line, with its name, type, duration, outcome and sub", async () => {
    const { accessToken, user } = await signIn(server.url, "user@tessera.dev", "tessera-demo");
    const lines = await linesFor(await graphql(server.url, VIEWER, {}, { token: accessToken }));
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(Object.keys(line!).sort()).toEqual(["durationMs", "level", "msg", "operation", "outcome", "reqId", "service", "sub", "time"].sort());
    expect(line).toMatchObject({ level: 30, msg: "operation", operation: { type: "query", name: "Viewer" }, outcome: "ok", sub: user.id });
    expect(line!.durationMs).toEqual(expect.any(Number));
  });

  it("an anonymous mutation a rule refuses: outcome denied, with the codes and no sub", async () => {
    const response = await graphql(server.url, "mutation Rename { setUserRoles(userId: \"000000000000000000000000\", roles: [ADMIN]) { id } }");
    expect(response.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    const lines = await linesFor(response);
    // Beside it, the security event: which field refused whom, and why.
    expect(lines.map((entry) => entry.msg)).toEqual(["field access denied", "operation"]);
    const line = lines[1];
    expect(line).toMatchObject({ operation: { type: "mutation", name: "Rename" }, outcome: "denied", codes: ["UNAUTHENTICATED"] });
    expect(line).not.toHaveProperty("sub");
  });

  it("a request refused before it is parsed (a bad token): one line, type unknown", async () => {
    const response = await graphql(server.url, VIEWER, {}, { token: "not-a-token" });
    expect(response.status).toBe(401);
    const lines = await linesFor(response);
    expect(lines.map((entry) => entry.msg)).toEqual(["access token rejected", "operation"]);
    expect(lines[1]).toMatchObject({ operation: { type: "unknown", name: null }, outcome: "denied", codes: ["UNAUTHENTICATED"] });
  });

  it("a subscription: one line when it ends, with how long it ran", async () => {
    const { accessToken, user } = await signIn(server.url, "user@tessera.dev", "tessera-demo");
    const before = server.logs.length;
    const subscription = subscribe(server.url, "subscription Feed { postPublished { id } }", { token: accessToken });
    await subscription.connected;
    await new Promise((resolve) => setTimeout(resolve, 200));
    await subscription.dispose();
    const ended = () => server.logs.slice(before).map((line) => JSON.parse(line) as Entry).filter((entry) => entry.msg === "operation");
    await waitUntil(() => ended().length > 0, 2_000);
    expect(ended()).toEqual([
      expect.objectContaining({ operation: { type: "subscription", name: "Feed" }, outcome: "ok", sub: user.id, durationMs: expect.any(Number) }),
    ]);
    expect(ended()[0]!.durationMs).toBeGreaterThanOrEqual(100);
  });
}
