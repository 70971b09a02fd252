import { getOperationAST, getVariableValues, GraphQLError, type DocumentNode, type GraphQLSchema } from "graphql";
// The package's ESM build imports graphql's .mjs files, a second copy of graphql beside the CommonJS one
// everything else loads ("from another module or realm"); its CommonJS build shares ours.
import queryComplexity, { type ComplexityEstimator } from "graphql-query-complexity/cjs";
import { ErrorCode } from "../errors.js";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "../pagination/cursor.js";
import { limitExceeded } from "./limit-exceeded.js";

const { getComplexity, simpleEstimator } = queryComplexity;

/**
 * A list field with `first` costs its children `first` times over (20 when
 * omitted), and a `first` above the page size cap is refused here, before
 * execution, rather than by the resolver.
 */
const pageSizeEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  if (!("first" in args) && !("after" in args)) return undefined;
  const first = typeof args.first === "number" ? args.first : DEFAULT_PAGE_SIZE;
  if (first > MAX_PAGE_SIZE) {
    throw limitExceeded(ErrorCode.PAGE_SIZE_LIMIT_EXCEEDED, `first must be at most ${MAX_PAGE_SIZE}`, MAX_PAGE_SIZE);
  }
  return 1 + Math.max(first, 1) * childComplexity;
};

export interface CostedOperation {
  document: DocumentNode;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

/** Throws when the operation's estimated cost (every field 1, lists times their page size) exceeds the limit. */
export type CostCheck = (operation: CostedOperation) => void;

export function createCostCheck(schema: GraphQLSchema, maxCost: number): CostCheck {
  const estimate = (document: DocumentNode, operationName: string | undefined, variables: Record<string, unknown>) =>
    getComplexity({
      schema,
      query: document,
      operationName,
      variables,
      estimators: [pageSizeEstimator, simpleEstimator({ defaultComplexity: 1 })],
      // Every field costs at least 1, so more fields than the limit is over it: the walk stops there, and a
      // fragment spread a thousand times over cannot make it expand without end.
      maxQueryNodes: maxCost + 1,
    });
  // Apollo keeps one parsed DocumentNode per query text, so without variables a document's cost is the same
  // on every request: it is estimated once (per operation name) and remembered for as long as Apollo keeps it.
  const costsWithoutVariables = new WeakMap<DocumentNode, Map<string | undefined, number>>();
  const costOf = ({ document, operationName, variables }: CostedOperation): number => {
    const name = operationName ?? undefined;
    if (variables && Object.keys(variables).length > 0) return estimate(document, name, variables);
    let byName = costsWithoutVariables.get(document);
    if (!byName) costsWithoutVariables.set(document, (byName = new Map()));
    let cost = byName.get(name);
    if (cost === undefined) byName.set(name, (cost = estimate(document, name, {})));
    return cost;
  };

  // Asked only when the estimate fails, to tell the client's mistake (refused at execution) from a cost refusal.
  const hasBadVariables = ({ document, operationName, variables }: CostedOperation) => {
    const definition = getOperationAST(document, operationName);
    return !definition || getVariableValues(schema, definition.variableDefinitions ?? [], variables ?? {}).errors !== undefined;
  };

  return (operation) => {
    let cost: number;
    try {
      cost = costOf(operation);
    } catch (error) {
      if (error instanceof GraphQLError && error.extensions.code === ErrorCode.PAGE_SIZE_LIMIT_EXCEEDED) throw error;
      // No such operation, or variables that do not coerce: execution refuses them next; nothing runs.
      if (hasBadVariables(operation)) return;
      // Whatever else stops the estimate (more fields than the limit, above all) refuses the operation: it fails closed.
      throw limitExceeded(ErrorCode.COST_LIMIT_EXCEEDED, `Operation cost exceeds the limit of ${maxCost}`, maxCost);
    }
    if (cost > maxCost) {
      throw limitExceeded(ErrorCode.COST_LIMIT_EXCEEDED, `Operation cost ${cost} exceeds the limit of ${maxCost}`, maxCost);
    }
  };
}
