import net from "node:net";
import { StartupError } from "../startup-error.js";

/**
 * Refuses a port something else listens on, before anything is started: the embedded database is not
 * spawned for nothing, and the WebSocket server, which shares the HTTP server, never sees the listen error.
 */
export async function assertPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") reject(new StartupError(`port ${port} on ${host} is already in use: stop what listens there, or set PORT`));
      else reject(error);
    });
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve()));
  });
}
