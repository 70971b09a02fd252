import type { Config } from "../config.js";

/**
 * Fastify's and Node's socket timeouts from ours. Fastify 5 leaves the request timeout off (0) and Node checks
 * its request and header deadlines only every 30 s, so a client that sent its headers and then dribbled its body
 * held the socket for minutes. Node answers an overdue request 408 and closes the socket.
 */
export function socketTimeouts({ requestMs, headersMs, keepAliveMs }: Config["timeouts"]) {
  return {
    requestTimeout: requestMs,
    keepAliveTimeout: keepAliveMs,
    http: {
      headersTimeout: headersMs,
      // How often Node looks for overdue requests: a deadline is met within this much.
      connectionsCheckingInterval: Math.min(1_000, headersMs),
    },
  };
}
