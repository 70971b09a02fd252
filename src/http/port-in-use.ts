import { lookup } from "node:dns/promises";
import net from "node:net";
import { StartupError } from "../startup-error.js";

function probe(address: string, port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", (error: NodeJS.ErrnoException) => (error.code === "EADDRINUSE" ? resolve(false) : reject(error)));
    server.listen({ host: address, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * Refuses a port something else listens on, before anything is started: the embedded database is not
 * spawned for nothing, and the WebSocket server, which shares the HTTP server, never sees the listen error.
 * Every address the host resolves to is tried, as Fastify listens on each (localhost: 127.0.0.1 and ::1).
 * `setting` is the variable that chose the port, for the line that says what to change.
 */
export async function assertPortFree(host: string, port: number | undefined, setting: "PORT" | "METRICS_PORT"): Promise<void> {
  if (port === undefined || port === 0) return;
  const addresses = await lookup(host, { all: true });
  for (const { address } of addresses) {
    if (!(await probe(address, port))) {
      throw new StartupError(`port ${port} on ${host} is already in use: stop what listens there, or set ${setting}`);
    }
  }
}
