import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError } from "graphql";
import type { Context } from "../../context.js";

/**
 * Not raised on purpose: anything but a GraphQLError, or, while executing (the error has a path), a
 * GraphQLError with no code, which is graphql-js failing to serialize a value a resolver returned.
 */
export function isUnexpected(error: GraphQLError): boolean {
  const original = error.originalError;
  if (original === undefined) return false;
  if (!(original instanceof GraphQLError)) return true;
  return error.path !== undefined && original.extensions.code === undefined;
}

/**
 * Logs the detail of every error that formatError hides from the client,
 * with the request id that the client sees in `x-request-id`.
 */
export function logUnexpectedErrors(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors.filter(isUnexpected)) {
            contextValue.log.error({ err: error.originalError, path: error.path }, "resolver failed");
          }
        },
      };
    },
  };
}
