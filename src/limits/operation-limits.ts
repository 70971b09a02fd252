import type { ApolloServerPlugin } from "@apollo/server";
import type { GraphQLError, GraphQLSchema, ValidationRule } from "graphql";
import type { Config } from "../config.js";
import { noDeeperThan } from "./rules/no-deeper-than.js";
import { noMoreAliasesThan } from "./rules/no-more-aliases-than.js";
import { noMoreDirectivesThan } from "./rules/no-more-directives-than.js";
import { costLimit } from "../plugins/cost-limit/cost-limit.js";
import { createCostCheck, type CostCheck } from "./cost.js";
import { checkDocumentBounds } from "./document-bounds.js";

export interface OperationLimits {
  /** Tokens and nesting, counted before the document is parsed: a refusal, or undefined to go on. */
  checkDocument(document: string): GraphQLError | undefined;
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
    checkDocument: (document) => checkDocumentBounds(document, limits),
    validationRules: [noDeeperThan(limits.depth), noMoreAliasesThan(limits.aliases), noMoreDirectivesThan(limits.directives)],
    plugins: [costLimit(checkCost)],
    checkCost,
  };
}
