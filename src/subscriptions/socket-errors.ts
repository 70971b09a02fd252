import type { WebSocket, WebSocketServer } from "ws";
import type { Logger } from "../logger.js";

/**
 * graphql-ws's adapter for `ws` reports the errors of the server and of each socket with console.error: a raw,
 * multi-line stack on stderr, outside pino, whatever LOG_LEVEL says, and any client can cause one (a message
 * over the size limit). Called after useServer, this replaces those listeners with ours: one log line through
 * pino. A socket error is the client's doing (warn); the socket is closed with the code `ws` chose (1009 for a
 * message too large), or 1011.
 *
 * The server's own errors are the HTTP server's, which `ws` repeats: listen errors (a port taken since start-up
 * checked it), which Fastify's listen rejects with and the start reports in one line. Logging them here as well
 * would put a stack trace before that line.
 */
export function logSocketErrors(webSockets: WebSocketServer, logger: Logger): void {
  webSockets.removeAllListeners("error");
  webSockets.on("error", () => {});
  webSockets.on("connection", (socket: WebSocket) => {
    socket.removeAllListeners("error");
    socket.once("error", (error: Error & { code?: string }) => {
      logger.warn({ code: error.code, reason: error.message }, "WebSocket connection closed: the client sent what the server refuses");
      if (socket.readyState === socket.OPEN) socket.close(1011, "Internal server error");
    });
  });
}
