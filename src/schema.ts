import "reflect-metadata";
import { GraphQLSchema, isObjectType, specifiedDirectives, type GraphQLArgument, type GraphQLEnumType } from "graphql";
import { buildSchema, type NonEmptyArray } from "type-graphql";
import { AuthResolver } from "./accounts/auth.resolver.js";
import { createAuthDirectives } from "./authorization/directive.js";
import { findUnguardedFields } from "./authorization/coverage.js";
import { enforceAuthRules } from "./authorization/enforce.js";
import { describeAuthRules } from "./authorization/rule-descriptions.js";
import "./authorization/role.type.js";
import { enforceExecutionDeadline } from "./limits/execution-deadline.js";
import { ViewerResolver } from "./viewer/viewer.resolver.js";
import { PostResolver } from "./posts/post.resolver.js";
import { UserResolver } from "./users/user.resolver.js";

/** type-graphql records parameter decorators last-first; the SDL should list arguments as the code declares them. */
function restoreArgumentOrder(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    for (const field of Object.values(type.getFields())) (field.args as GraphQLArgument[]).reverse();
  }
}

export interface SchemaOptions {
  /** false serves the same schema with no rule enforced: only for the benchmark's "authorization off" ceiling. */
  enforceRules?: boolean;
  /** Resolvers beyond Tessera's own, under the same rules and checks (docs/guides/add-a-guarded-resource.md). */
  extraResolvers?: NonEmptyArray<Function>;
}

/**
 * type-graphql builds no subscription without a pub/sub. Ours never use it: each field's `subscribe` listens on
 * the event bus its context carries, the instance's own.
 */
const SUBSCRIBE_THROUGH_THE_CONTEXT = {
  publish(): never {
    throw new Error("publish on ctx.events");
  },
  subscribe(): never {
    throw new Error("give the @Subscription a subscribe that listens on ctx.events");
  },
};

/**
 * Builds the executable schema once, at start, and refuses one with a field
 * that has no auth rule: deny by default is checked before anything is served.
 */
export async function buildTesseraSchema({ enforceRules = true, extraResolvers }: SchemaOptions = {}): Promise<GraphQLSchema> {
  const built = await buildSchema({
    resolvers: [ViewerResolver, AuthResolver, UserResolver, PostResolver, ...(extraResolvers ?? [])],
    pubSub: SUBSCRIBE_THROUGH_THE_CONTEXT,
    // Input is validated with zod in the resolvers (see validation.ts), which never echoes values back.
    validate: false,
  });
  restoreArgumentOrder(built);
  // The @auth directive's `roles` argument uses the schema's own Role enum, so it is declared afterwards.
  const directives = createAuthDirectives(built.getType("Role") as GraphQLEnumType);
  const schema = new GraphQLSchema({ ...built.toConfig(), directives: [...specifiedDirectives, ...directives] });
  const unguarded = findUnguardedFields(schema, directives);
  if (unguarded.length > 0) throw new Error(`fields without an auth rule (add @Auth or @Public): ${unguarded.join(", ")}`);
  describeAuthRules(schema, directives);
  if (enforceRules) enforceAuthRules(schema, directives);
  enforceExecutionDeadline(schema);
  return schema;
}
