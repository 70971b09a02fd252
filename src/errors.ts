import { ErrorCode } from "@tessera/client/errors";
import { GraphQLError, type GraphQLFormattedError } from "graphql";

// The codes (and reasons) live in @tessera/client's vocabulary, so that the server and its clients share one list.
export { ErrorCode, ErrorReason } from "@tessera/client/errors";

export interface HttpHint {
  status: number;
  headers?: Map<string, string>;
}

/** A client-facing error: its message and extensions are safe to send as they are. */
export class TesseraError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}, http?: HttpHint) {
    super(message, { extensions: { code, ...extensions, ...(http ? { http } : {}) } });
    this.name = "TesseraError";
  }

  get code(): ErrorCode {
    return this.extensions.code as ErrorCode;
  }
}

/** Codes produced by graphql-js and Apollo itself that describe the client's request, not our internals. */
const REQUEST_ERROR_CODES = new Set<string>([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_USER_INPUT",
  "BAD_REQUEST",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
]);

const OWN_CODES = new Set<string>(Object.values(ErrorCode));
const CLIENT_CODES = new Set<string>([...OWN_CODES, ...REQUEST_ERROR_CODES]);

export const INTERNAL_ERROR_MESSAGE = "Internal server error";

/**
 * graphql-js quotes a rejected variable's value back, twice ('Variable "$p"
 * got invalid value ["hunter2"]; String cannot represent ...: ["hunter2"]').
 * That value may be a password: only the variable's name is kept.
 */
function withoutEchoedValues(message: string): string {
  const variable = /^Variable "(\$[^"]+)" got invalid value /.exec(message);
  return variable ? `Variable "${variable[1]}" got an invalid value` : message;
}

/** Driver errors that mean "the database cannot be reached", as opposed to a bug. */
const DATABASE_UNAVAILABLE_ERRORS = new Set([
  "MongoNetworkError",
  "MongoNetworkTimeoutError",
  "MongoServerSelectionError",
  "MongooseServerSelectionError",
  "MongoNotConnectedError",
  "MongoTopologyClosedError",
  "MongoPoolClearedError",
]);

function isDatabaseUnavailable(error: unknown): boolean {
  return error instanceof Error && DATABASE_UNAVAILABLE_ERRORS.has(error.name);
}

/**
 * The one policy for what reaches clients: errors we raised on purpose and
 * errors about the request itself pass; anything else (driver errors, bugs,
 * library exceptions) becomes a generic INTERNAL_SERVER_ERROR, or
 * SERVICE_UNAVAILABLE when the database cannot be reached. The original is
 * logged server-side by the error-logging plugin, with the request id.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? error.originalError : undefined;
  // Apollo files our validation-rule errors (operation limits) under GRAPHQL_VALIDATION_FAILED; ours is more precise.
  const ownCode = original instanceof GraphQLError ? original.extensions.code : undefined;
  const code = typeof ownCode === "string" && OWN_CODES.has(ownCode) ? ownCode : formatted.extensions?.code;
  if (code !== formatted.extensions?.code) formatted = { ...formatted, extensions: { ...formatted.extensions, code } };
  const raisedOnPurpose = !original || original instanceof GraphQLError;
  // INTERNAL_SERVER_ERROR is Apollo's code for an error nobody classified, such as graphql-js failing to
  // serialize a stored value (its message quotes the value): never passed through.
  if (typeof code === "string" && code !== ErrorCode.INTERNAL_SERVER_ERROR && CLIENT_CODES.has(code) && raisedOnPurpose) {
    const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, message: withoutEchoedValues(formatted.message), extensions };
  }
  const unavailable = isDatabaseUnavailable(original);
  return {
    message: unavailable ? "The database is unavailable; try again shortly" : INTERNAL_ERROR_MESSAGE,
    ...(formatted.path ? { path: formatted.path } : {}),
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    extensions: { code: unavailable ? ErrorCode.SERVICE_UNAVAILABLE : ErrorCode.INTERNAL_SERVER_ERROR },
  };
}
