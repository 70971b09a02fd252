import WebSocket from "ws";
import { freshDataDir, startApi, type ApiProcess } from "../helpers/process.js";
import { waitUntil } from "../helpers/wait.js";

// Issue 16: a WebSocket message over the size limit, which any anonymous client can send, costs one JSON log
// line through pino, not a raw stack trace on stderr (graphql-ws's own console.error).
export default function oversizedFrame(): void {
  let api: ApiProcess;
  beforeAll(async () => {
    api = await startApi({ DATA_DIR: freshDataDir(), LOG_LEVEL: "warn", LOG_FORMAT: "json" });
  });
  afterAll(() => api?.stop());

  it("closes the socket with 1009 and writes exactly one JSON log line", async () => {
    const before = api.output().length;
    const socket = new WebSocket(api.url.replace(/^http/, "ws"), "graphql-transport-ws");
    socket.on("error", () => {});
    const closed = new Promise<number>((resolve) => socket.on("close", (code) => resolve(code)));
    await new Promise((resolve) => socket.on("open", resolve));
    socket.send("x".repeat(1024 * 1024 + 1));
    expect(await closed).toBe(1009);

    await waitUntil(() => api.output().length > before, 2_000);
    await new Promise((resolve) => setTimeout(resolve, 200)); // anything else it would write
    const lines = api.output().slice(before).split("\n").filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 40, code: "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH", msg: expect.any(String) });
  });
}
