import { getOperationAST, GraphQLError, OperationTypeNode, parse, specifiedRules, validate, type DocumentNode, type ExecutionArgs, type GraphQLSchema } from "graphql";
import type { SubscribePayload } from "graphql-ws";
import { ErrorCode, TesseraError } from "../errors.js";
import type { OperationLimits } from "../limits/operation-limits.js";

/** graphql-js raises these without a code; Apollo files them under the same two codes over HTTP. */
function withCode(error: GraphQLError, code: string): GraphQLError {
  if (error.extensions.code !== undefined) return error;
  return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { ...error.extensions, code } });
}

/**
 * A subscribe message -> what to execute, or the errors that refuse it before
 * anything runs: the same validation and operation limits (depth, aliases,
 * directives, cost, page size) as HTTP. Only subscriptions: queries and
 * mutations go over HTTP, where the body cap, CSRF prevention and rate limits
 * by client address apply, so there is one way in for each.
 */
export function prepareOperation(
  schema: GraphQLSchema,
  limits: OperationLimits,
  { query, operationName, variables }: SubscribePayload,
): Omit<ExecutionArgs, "contextValue"> | GraphQLError[] {
  const refused = limits.checkDocument(query);
  if (refused) return [refused];
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    if (error instanceof GraphQLError) return [withCode(error, "GRAPHQL_PARSE_FAILED")];
    throw error;
  }
  const invalid = validate(schema, document, [...specifiedRules, ...limits.validationRules]);
  if (invalid.length > 0) return invalid.map((error) => withCode(error, "GRAPHQL_VALIDATION_FAILED"));
  if (getOperationAST(document, operationName)?.operation !== OperationTypeNode.SUBSCRIPTION) {
    return [new TesseraError(ErrorCode.BAD_REQUEST, "Only subscriptions are served over WebSocket: send queries and mutations over HTTP")];
  }
  try {
    limits.checkCost({ document, operationName, variables });
  } catch (error) {
    if (error instanceof GraphQLError) return [error];
    throw error;
  }
  return { schema, document, operationName, variableValues: variables };
}
