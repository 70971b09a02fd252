import { defaultFieldResolver, isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from "graphql";
import { isDeadlineExceeded } from "../db/query-deadline.js";
import { ErrorCode, TesseraError } from "../errors.js";

/** What the deadline reads from a request's context. */
interface Deadlined {
  /** Epoch ms by which the operation must be done: LIMIT_EXECUTION_MS after the context was built. */
  deadline: number;
}

function executionTimeout(): TesseraError {
  return new TesseraError(ErrorCode.EXECUTION_TIMEOUT, "The operation ran out of time (LIMIT_EXECUTION_MS)");
}

/**
 * Puts every field that has a resolver of its own under the operation's deadline: once it has passed, no
 * resolver starts (its field is null with EXECUTION_TIMEOUT), and a query the database stopped at the deadline
 * (the page queries carry `maxTimeMS` for the time left, see timeLeftUntil) answers the same. Called once, when
 * the schema is built.
 */
export function enforceExecutionDeadline(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    for (const field of Object.values(type.getFields())) {
      if (!field.resolve || field.resolve === defaultFieldResolver) continue;
      const resolve: GraphQLFieldResolver<unknown, Deadlined> = field.resolve;
      field.resolve = (parent, args, ctx: Deadlined, info) => {
        if (Date.now() >= ctx.deadline) throw executionTimeout();
        const result = resolve(parent, args, ctx, info);
        return result instanceof Promise
          ? result.catch((error: unknown) => {
              throw isDeadlineExceeded(error) ? executionTimeout() : error;
            })
          : result;
      };
    }
  }
}
