import { LogController, type FastifyReply, type FastifyRequest } from "fastify";

/**
 * Fastify's own lines per request, replaced: at info, each operation writes one line of its own
 * (plugins/operations), since Fastify's "incoming request" and "request completed" cost about 15% of `viewer`'s
 * throughput. At debug, one line per HTTP request whatever its route (preflights, health checks, the JWKS).
 * A response that failed to be written is still an error.
 */
export class RequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const durationMs = Math.round(reply.elapsedTime * 10) / 10;
    if (error) reply.log.error({ err: error, status: reply.statusCode, durationMs }, "request errored");
    else request.log.debug({ req: request, status: reply.statusCode, durationMs }, "request");
  }
}
