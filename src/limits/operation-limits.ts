import type { ApolloServerPlugin } from "@apollo/server";
import type { GraphQLError, GraphQLSchema, ValidationRule } from "graphql";
import type { Config } from "../config.js";
import type { Viewer } from "../tokens/claims.js";
import { noDeeperThan } from "./rules/no-deeper-than.js";
import { noMoreAliasesThan } from "./rules/no-more-aliases-than.js";
import { noMoreDirectivesThan } from "./rules/no-more-directives-than.js";
import { costLimit } from "../plugins/cost-limit/cost-limit.js";
import { createCostCheck, type CostCheck } from "./cost.js";
import { checkDocumentBounds } from "./document-bounds.js";
import { introspectionRefused } from "./introspection.js";
import { loadTrustedDocuments, trustedDocumentsCache, untrustedOperation, type TrustedDocuments } from "./trusted-documents.js";

/** What a request asks to run: its document's text, its persisted-query hash (sha256, hex), either or both. */
export interface RequestedOperation {
  query?: string;
  hash?: string;
  /** The operationName the client sent, for the log line of an operation refused before it was parsed. */
  name?: string;
}

export interface OperationLimits {
  /** Tokens and nesting, counted before the document is parsed: a refusal, or undefined to go on. */
  checkDocument(document: string): GraphQLError | undefined;
  /** Trusted documents and who may introspect, once the viewer is known: a refusal, or undefined. */
  checkOperation(operation: RequestedOperation, viewer: Viewer | null): GraphQLError | undefined;
  /** The trusted operations' names, when there are trusted documents. */
  trustedOperationNames: ReadonlySet<string> | undefined;
  /** Apollo's persisted-query store: the trusted documents when there are some, else Apollo's own (APQ). */
  persistedQueries: { cache: ReturnType<typeof trustedDocumentsCache> } | undefined;
  validationRules: ValidationRule[];
  /** The cost limit, for HTTP (Apollo). */
  plugins: ApolloServerPlugin[];
  /** The same cost limit, for transports Apollo does not serve (the subscription socket). */
  checkCost: CostCheck;
}

/** Every operation limit, checked before execution; the body size and Authorization header caps are HTTP-level. */
export function operationLimits(
  { limits, trustedDocuments: trust, introspection }: Pick<Config, "limits" | "trustedDocuments" | "introspection">,
  schema: GraphQLSchema,
): OperationLimits {
  const checkCost = createCostCheck(schema, limits.cost);
  const trusted: TrustedDocuments | undefined = trust && loadTrustedDocuments(trust.file);
  return {
    checkDocument: (document) => checkDocumentBounds(document, limits),
    checkOperation: (operation, viewer) =>
      (trusted && untrustedOperation(trusted, operation, viewer, trust!.bypassRoles)) || introspectionRefused(introspection, operation.query, viewer),
    persistedQueries: trusted && { cache: trustedDocumentsCache(trusted) },
    trustedOperationNames: trusted?.operationNames,
    validationRules: [noDeeperThan(limits.depth), noMoreAliasesThan(limits.aliases), noMoreDirectivesThan(limits.directives)],
    plugins: [costLimit(checkCost)],
    checkCost,
  };
}
