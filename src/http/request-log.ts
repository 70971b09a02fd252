import type { FastifyInstance } from "fastify";

/**
 * At debug level, one line per HTTP request whatever its route: preflights, health checks, the JWKS. At info,
 * operations log themselves (plugins/operations) and this costs one no-op call.
 */
export function logRequestsAtDebug(app: FastifyInstance): void {
  app.addHook("onResponse", (request, reply, done) => {
    request.log.debug({ req: request, status: reply.statusCode, durationMs: Math.round(reply.elapsedTime * 10) / 10 }, "request");
    done();
  });
}
