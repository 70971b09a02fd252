import type { GraphQLError, ValidationContext } from "graphql";
import type { ErrorCode } from "../../errors.js";
import { limitExceeded } from "../limit-exceeded.js";

/** Options for a GraphQL Armor walker: limit `n`, reported with our code instead of the error Armor throws. */
export function reportAs(code: ErrorCode, n: number) {
  return {
    n,
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) =>
        context?.reportError(limitExceeded(code, error.message.replace(/^Syntax Error: /, ""), n)),
    ],
  };
}
