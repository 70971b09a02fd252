import { printSchemaWithDirectives } from "@graphql-tools/utils";
import type { GraphQLSchema } from "graphql";

export const SCHEMA_FILE = "schema/schema.graphql";

/** The SDL we check in, in declaration order, with directives kept (graphql-js's printer drops them). */
export function printSdl(schema: GraphQLSchema): string {
  return printSchemaWithDirectives(schema) + "\n";
}
