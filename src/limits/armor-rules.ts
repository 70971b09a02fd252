import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import { maxDirectivesRule } from "@escape.tech/graphql-armor-max-directives";
import type { ValidationContext, ValidationRule, GraphQLError } from "graphql";
import { ErrorCode } from "../errors.js";
import { limitExceeded } from "./limit-exceeded.js";

/** GraphQL Armor's walkers, reporting our error codes instead of throwing their own. */
function reportAs(code: ErrorCode, n: number) {
  return {
    n,
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) =>
        context?.reportError(limitExceeded(code, error.message.replace(/^Syntax Error: /, ""), n)),
    ],
  };
}

/** Nesting deeper than `n` fields, fragments followed. */
export const maxDepth = (n: number) => maxDepthRule({ ...reportAs(ErrorCode.DEPTH_LIMIT_EXCEEDED, n), flattenFragments: true }) as ValidationRule;

/** More than `n` aliases: 500 aliased signIns never reach a password hash. */
export const maxAliases = (n: number) => maxAliasesRule(reportAs(ErrorCode.ALIAS_LIMIT_EXCEEDED, n)) as ValidationRule;

/** More than `n` directives, a cheap way to make validation expensive. */
export const maxDirectives = (n: number) => maxDirectivesRule(reportAs(ErrorCode.DIRECTIVE_LIMIT_EXCEEDED, n)) as ValidationRule;
