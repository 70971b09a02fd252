import { startTestServer, type TestServer } from "../helpers/server.js";

// Issue 16: an incoming x-request-id is kept when it is at most 128 characters of [A-Za-z0-9._-], so a gateway's
// id ties its logs to ours; anything else is replaced. The response carries the id either way, and so do the logs.
export default function requestId(): void {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  async function idFor(incoming?: string): Promise<string> {
    const response = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...(incoming === undefined ? {} : { "x-request-id": incoming }) },
      body: JSON.stringify({ query: "{ viewer { id } }" }),
    });
    return response.headers.get("x-request-id")!;
  }

  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

  it("keeps an acceptable incoming id, and logs the request under it", async () => {
    expect(await idFor("gateway-7f3a.b_2")).toBe("gateway-7f3a.b_2");
    expect(server.logs.some((line) => JSON.parse(line).reqId === "gateway-7f3a.b_2")).toBe(true);
  });

  it.each([
    ["too long", "a".repeat(129)],
    ["with characters a log or header could be confused by", "id with spaces; and=more"],
    ["empty", ""],
  ])("replaces one that is %s with a fresh UUID", async (_case, incoming) => {
    const id = await idFor(incoming);
    expect(id).toMatch(UUID);
    expect(id).not.toBe(incoming);
  });

  it("makes one up when there is none", async () => {
    expect(await idFor()).toMatch(UUID);
  });
}
