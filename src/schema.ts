import "reflect-metadata";
import { buildSchema } from "type-graphql";
import type { GraphQLSchema } from "graphql";
import { AuthResolver } from "./auth/auth.resolver.js";
import { ViewerResolver } from "./auth/viewer.resolver.js";

export function buildTesseraSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [ViewerResolver, AuthResolver],
    // Input is validated with zod in the resolvers (see validation.ts), which never echoes values back.
    validate: false,
  });
}
