import type { ApolloServerPlugin } from "@apollo/server";
import type { GraphQLSchema, ValidationRule } from "graphql";
import type { Config } from "../config.js";
import { maxAliases, maxDepth, maxDirectives } from "./armor-rules.js";
import { costLimit } from "./cost-limit.js";

/** Every operation limit, checked before execution; the body size and Authorization header caps are HTTP-level. */
export function operationLimits(limits: Config["limits"], schema: GraphQLSchema): { validationRules: ValidationRule[]; plugins: ApolloServerPlugin[] } {
  return {
    validationRules: [maxDepth(limits.depth), maxAliases(limits.aliases), maxDirectives(limits.directives)],
    plugins: [costLimit(schema, limits.cost)],
  };
}
