import type { ApolloServerPlugin } from "@apollo/server";
import type { CostCheck } from "../../limits/cost.js";

/** The cost check for every HTTP operation, once it is parsed and validated. */
export function costLimit(checkCost: CostCheck): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          checkCost({ document, operationName: request.operationName, variables: request.variables });
        },
      };
    },
  };
}
