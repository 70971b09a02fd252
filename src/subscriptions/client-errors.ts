import type { GraphQLError, GraphQLFormattedError } from "graphql";
import { formatError } from "../errors.js";
import type { Logger } from "../logger.js";
import { isUnexpected } from "../plugins/log-errors/log-errors.js";

/**
 * What a socket client sees of an error: the same policy as HTTP (formatError:
 * our codes pass, anything unexpected is masked and logged here), without the
 * HTTP-only `http` extension, and, in production, without "Did you mean"
 * suggestions, as Apollo does for HTTP.
 */
export function toClientError(error: GraphQLError, log: Logger, isProduction: boolean): GraphQLFormattedError {
  if (isUnexpected(error)) log.error({ err: error.originalError, path: error.path }, "subscription failed");
  const { http: _http, ...extensions } = (error.extensions ?? {}) as Record<string, unknown>;
  const formatted = formatError({ ...error.toJSON(), extensions }, error);
  return isProduction ? { ...formatted, message: formatted.message.replace(/ ?Did you mean(.+?)\?$/, "") } : formatted;
}
