import type { FastifyError, FastifyInstance } from "fastify";
import { ErrorCode, INTERNAL_ERROR_MESSAGE } from "../errors.js";

const BODY_TOO_LARGE = "FST_ERR_CTP_BODY_TOO_LARGE";

/**
 * Errors Fastify raises before GraphQL runs (a body over the limit, JSON that
 * does not parse) answer in GraphQL's error shape, with no internals.
 */
export function registerErrorHandler(app: FastifyInstance, bodyLimitBytes: number): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, "request failed");
      return reply.code(500).send({ errors: [{ message: INTERNAL_ERROR_MESSAGE, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }] });
    }
    const extensions =
      error.code === BODY_TOO_LARGE ? { code: ErrorCode.BODY_TOO_LARGE, limit: bodyLimitBytes } : { code: ErrorCode.BAD_REQUEST };
    const message = error.code === BODY_TOO_LARGE ? `Request body is larger than ${bodyLimitBytes} bytes` : error.message;
    return reply.code(status).send({ errors: [{ message, extensions }] });
  });
}

/** Unknown routes answer in the same shape as everything else. */
export function registerNotFoundHandler(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ errors: [{ message: `No route ${request.method} ${request.url.split("?")[0]}`, extensions: { code: ErrorCode.NOT_FOUND } }] }),
  );
}
