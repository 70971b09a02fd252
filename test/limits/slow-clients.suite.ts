import net from "node:net";
import { startTestServer, type TestServer } from "../helpers/server.js";

// Issue 15: a slow client never holds a socket. Timeouts are short here so the test is quick; the defaults
// (TIMEOUT_REQUEST_MS 30 s, TIMEOUT_HEADERS_MS 10 s) are met the same way. Node checks deadlines every second.
export default function slowClients(): void {
  const REQUEST_MS = 1_500;
  const HEADERS_MS = 700;
  const CHECK_INTERVAL_MS = 700;

  let server: TestServer;
  let port: number;
  beforeAll(async () => {
    server = await startTestServer({ TIMEOUT_REQUEST_MS: String(REQUEST_MS), TIMEOUT_HEADERS_MS: String(HEADERS_MS) });
    port = Number(new URL(server.url).port);
  });
  afterAll(() => server.stop());

  interface SlowClient {
    socket: net.Socket;
    /** Resolves with how long the server kept the socket open, and what it answered, if anything. */
    closed: Promise<{ afterMs: number; answer: string }>;
  }

  /** Opens a socket and sends `text`, then nothing more. */
  function slowClient(text: string): Promise<SlowClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, "127.0.0.1", () => {
        const opened = performance.now();
        let answer = "";
        socket.on("data", (chunk) => (answer += chunk.toString()));
        const closed = new Promise<{ afterMs: number; answer: string }>((done) => socket.on("close", () => done({ afterMs: performance.now() - opened, answer })));
        socket.write(text);
        resolve({ socket, closed });
      });
      socket.on("error", reject);
    });
  }

  const HEADERS_THEN_10_OF_100_BYTES = "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n" + '{"query":';
  const HALF_THE_HEADERS = "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: appl";

  it("cuts off a client that sent its headers and then 10 of 100 body bytes, within the request timeout", async () => {
    const { closed } = await slowClient(HEADERS_THEN_10_OF_100_BYTES);
    const { afterMs, answer } = await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(afterMs).toBeGreaterThanOrEqual(REQUEST_MS - 50);
    expect(afterMs).toBeLessThan(REQUEST_MS + CHECK_INTERVAL_MS + 1_000);
  });

  it("cuts off a client that never finishes its headers, within the headers timeout", async () => {
    const { closed } = await slowClient(HALF_THE_HEADERS);
    const { afterMs, answer } = await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(afterMs).toBeLessThan(HEADERS_MS + CHECK_INTERVAL_MS + 1_000);
  });

  it("answers a normal client in under 100 ms while 200 slow sockets are open, and closes all 200", async () => {
    const slow = await Promise.all(Array.from({ length: 200 }, (_, i) => slowClient(i % 2 ? HEADERS_THEN_10_OF_100_BYTES : HALF_THE_HEADERS)));
    const timings: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      const response = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ viewer { id } }" }) });
      expect(await response.json()).toEqual({ data: { viewer: null } });
      timings.push(performance.now() - started);
    }
    const median = [...timings].sort((a, b) => a - b)[2]!;
    console.log(`with 200 slow sockets open: a normal request answered in ${timings.map((ms) => ms.toFixed(1)).join(", ")} ms (median ${median.toFixed(1)} ms)`);
    expect(median).toBeLessThan(100);
    const closedAfter = await Promise.all(slow.map(({ closed }) => closed.then(({ afterMs }) => afterMs)));
    console.log(`the 200 slow sockets were closed after at most ${Math.max(...closedAfter).toFixed(0)} ms`);
    expect(Math.max(...closedAfter)).toBeLessThan(REQUEST_MS + CHECK_INTERVAL_MS + 1_000);
  });
}
