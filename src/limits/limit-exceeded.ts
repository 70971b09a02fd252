import { GraphQLError } from "graphql";
import type { ErrorCode } from "../errors.js";

/** A request refused before execution because it exceeds a limit: 400, and the code names the limit. */
export function limitExceeded(code: ErrorCode, message: string, limit: number): GraphQLError {
  return new GraphQLError(message, { extensions: { code, limit, http: { status: 400 } } });
}
