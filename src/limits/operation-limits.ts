import type { ApolloServerPlugin } from "@apollo/server";
import type { GraphQLSchema, ValidationRule } from "graphql";
import type { Config } from "../config.js";
import { noDeeperThan } from "./rules/no-deeper-than.js";
import { noMoreAliasesThan } from "./rules/no-more-aliases-than.js";
import { noMoreDirectivesThan } from "./rules/no-more-directives-than.js";
import { costLimit } from "../plugins/cost-limit/cost-limit.js";
import { createCostCheck, type CostCheck } from "./cost.js";

export interface OperationLimits {
  validationRules: ValidationRule[];
  /** The cost limit, for HTTP (Apollo). */
  plugins: ApolloServerPlugin[];
  /** The same cost limit, for transports Apollo does not serve (the subscription socket). */
  checkCost: CostCheck;
}

/** Every operation limit, checked before execution; the body size and Authorization header caps are HTTP-level. */
export function operationLimits(limits: Config["limits"], schema: GraphQLSchema): OperationLimits {
  const checkCost = createCostCheck(schema, limits.cost);
  return {
    validationRules: [noDeeperThan(limits.depth), noMoreAliasesThan(limits.aliases), noMoreDirectivesThan(limits.directives)],
    plugins: [costLimit(checkCost)],
    checkCost,
  };
}
