import type { GraphQLDirective, GraphQLSchema } from "graphql";
import { declaredRule } from "./directive.js";
import { reachableObjectTypes } from "./reachable-types.js";

/** Every reachable field with no rule of its own and none from its type: deny by default. */
export function findUnguardedFields(schema: GraphQLSchema, directives: GraphQLDirective[]): string[] {
  const unguarded: string[] = [];
  for (const type of reachableObjectTypes(schema)) {
    const typeRule = declaredRule(type, directives);
    for (const field of Object.values(type.getFields())) {
      if (!typeRule && !declaredRule(field, directives)) unguarded.push(`${type.name}.${field.name}`);
    }
  }
  return unguarded;
}
