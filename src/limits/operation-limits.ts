import type { ApolloServerPlugin } from "@apollo/server";
import type { GraphQLSchema, ValidationRule } from "graphql";
import type { Config } from "../config.js";
import { maxAliases, maxDepth, maxDirectives } from "./armor-rules.js";
import { costLimit, createCostCheck, type CostCheck } from "./cost-limit.js";

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
    validationRules: [maxDepth(limits.depth), maxAliases(limits.aliases), maxDirectives(limits.directives)],
    plugins: [costLimit(checkCost)],
    checkCost,
  };
}
