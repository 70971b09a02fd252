import { GraphQLError, parse, visit, BREAK, type DocumentNode } from "graphql";
import type { Config } from "../config.js";
import type { Viewer } from "../tokens/claims.js";
import { holdsRole } from "../tokens/role.js";

const MENTIONS_INTROSPECTION = /__schema\b|__type\b/;

function introspects(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === "__schema" || node.name.value === "__type") {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/**
 * INTROSPECTION=roles:…: Apollo answers introspection, and this refuses it, before anything runs, to a viewer
 * without one of the roles, in the words Apollo uses when introspection is off for everyone.
 */
export function introspectionRefused(introspection: Config["introspection"], query: string | undefined, viewer: Viewer | null): GraphQLError | undefined {
  if (introspection.allowed !== "roles" || query === undefined || !MENTIONS_INTROSPECTION.test(query)) return undefined;
  if (viewer && introspection.roles.some((role) => holdsRole(viewer, role))) return undefined;
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch {
    return undefined; // not a document: Apollo says why
  }
  if (!introspects(document)) return undefined;
  return new GraphQLError("GraphQL introspection is not allowed, but the query contained __schema or __type.", {
    extensions: { code: "GRAPHQL_VALIDATION_FAILED", http: { status: 400 } },
  });
}
