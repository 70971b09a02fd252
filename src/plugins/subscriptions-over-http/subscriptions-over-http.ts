import type { ApolloServerPlugin } from "@apollo/server";
import { ErrorCode, TesseraError } from "../../errors.js";

/**
 * Apollo would execute a subscription sent over HTTP as if it were a query,
 * with no event to resolve: refused instead, with the way to do it.
 */
export function refuseSubscriptionsOverHttp(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation !== "subscription") return;
          throw new TesseraError(
            ErrorCode.BAD_REQUEST,
            "Subscriptions are served over WebSocket (graphql-transport-ws) on this same path",
            {},
            { status: 400 },
          );
        },
      };
    },
  };
}
