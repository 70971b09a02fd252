import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError } from "graphql";
import type { Context } from "../context.js";

function isUnexpected(error: GraphQLError): boolean {
  return error.originalError !== undefined && !(error.originalError instanceof GraphQLError);
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
