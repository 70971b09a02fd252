import { getOperationAST, GraphQLError, OperationTypeNode, parse, specifiedRules, validate, type DocumentNode, type ExecutionArgs, type GraphQLSchema } from "graphql";
import type { SubscribePayload } from "graphql-ws";
import { LRUCache } from "lru-cache";
import { ErrorCode, TesseraError } from "../errors.js";
import type { OperationLimits } from "../limits/operation-limits.js";

/** graphql-js raises these without a code; Apollo files them under the same two codes over HTTP. */
function withCode(error: GraphQLError, code: string): GraphQLError {
  if (error.extensions.code !== undefined) return error;
  return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { ...error.extensions, code } });
}

/** A subscribe message -> what to execute, or the errors that refuse it before anything runs. */
export type PrepareOperation = (payload: SubscribePayload) => Omit<ExecutionArgs, "contextValue"> | GraphQLError[];

/** How many distinct documents are kept parsed and validated: far more than an app's subscriptions. */
const DOCUMENTS_KEPT = 500;

/**
 * The same validation and operation limits (depth, aliases, directives, cost,
 * page size) as HTTP. Only subscriptions: queries and mutations go over HTTP,
 * where the body cap, CSRF prevention and rate limits by client address apply,
 * so there is one way in for each. A document is parsed and validated once
 * (neither depends on the viewer) and its AST shared by every subscription that
 * sends the same text, as Apollo does over HTTP: ten thousand clients running
 * one subscription hold one AST, not ten thousand.
 */
export function createOperationPreparer(schema: GraphQLSchema, limits: OperationLimits): PrepareOperation {
  const documents = new LRUCache<string, DocumentNode | GraphQLError[]>({ max: DOCUMENTS_KEPT });
  const validated = (query: string): DocumentNode | GraphQLError[] => {
    let known = documents.get(query);
    if (!known) {
      known = parseAndValidate(schema, limits, query);
      documents.set(query, known);
    }
    return known;
  };
  return ({ query, operationName, variables }) => {
    const refused = limits.checkDocument(query);
    if (refused) return [refused];
    const document = validated(query);
    if (Array.isArray(document)) return document;
    return runnable(schema, limits, document, operationName, variables);
  };
}

function parseAndValidate(schema: GraphQLSchema, limits: OperationLimits, query: string): DocumentNode | GraphQLError[] {
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    if (error instanceof GraphQLError) return [withCode(error, "GRAPHQL_PARSE_FAILED")];
    throw error;
  }
  const invalid = validate(schema, document, [...specifiedRules, ...limits.validationRules]);
  return invalid.length > 0 ? invalid.map((error) => withCode(error, "GRAPHQL_VALIDATION_FAILED")) : document;
}

/** The operation to run, once it is known to be a subscription within the cost limit for these variables. */
function runnable(
  schema: GraphQLSchema,
  limits: OperationLimits,
  document: DocumentNode,
  operationName: SubscribePayload["operationName"],
  variables: SubscribePayload["variables"],
): ReturnType<PrepareOperation> {
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
