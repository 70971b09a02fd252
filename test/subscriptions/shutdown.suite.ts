import { startTestServer } from "../helpers/server.js";
import { subscribe } from "../helpers/subscriptions.js";
import { POST_PUBLISHED } from "./publishing.js";

export default function shutdown(): void {
  it("stop() closes open sockets with 1001 and the socket server with the HTTP server, without waiting out the shutdown timeout", async () => {
    const server = await startTestServer();
    const subscription = subscribe(server.url, POST_PUBLISHED);
    await subscription.connected;
    const started = Date.now();
    await server.stop();
    expect(Date.now() - started).toBeLessThan(server.config.shutdownTimeoutMs);
    expect(await subscription.closed).toEqual({ code: 1001, reason: "Going away" });
    const late = subscribe(server.url, POST_PUBLISHED);
    expect((await late.closed).code).toBe(1006);
    await Promise.all([subscription.dispose(), late.dispose()]);
  });
}
