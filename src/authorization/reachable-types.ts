import { getNamedType, isObjectType, type GraphQLObjectType, type GraphQLSchema } from "graphql";

/** Object types a client can reach from the root operation types. */
export function reachableObjectTypes(schema: GraphQLSchema): GraphQLObjectType[] {
  const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()];
  const seen = new Set<GraphQLObjectType>();
  const visit = (type: GraphQLObjectType | null | undefined) => {
    if (!type || seen.has(type)) return;
    seen.add(type);
    for (const field of Object.values(type.getFields())) {
      const named = getNamedType(field.type);
      if (isObjectType(named)) visit(named);
    }
  };
  roots.forEach(visit);
  return [...seen];
}
