import {
  DirectiveLocation,
  getDirectiveValues,
  GraphQLDirective,
  GraphQLList,
  GraphQLNonNull,
  GraphQLString,
  type GraphQLEnumType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
} from "graphql";
import { Directive, Extensions } from "type-graphql";
import type { Context } from "../context.js";
import { isRuleName, NAMED_RULES, PUBLIC, type AuthRule, type FieldRule } from "./rules.js";

/**
 * The rules live in the schema itself, as directives, so a reader of
 * schema/schema.graphql, the playground's docs or a client developer sees
 * what each field needs. The decorators below only write these directives;
 * enforce.ts reads them back from the built schema: one source of truth.
 */
export function createAuthDirectives(roleEnum: GraphQLEnumType): GraphQLDirective[] {
  const auth = new GraphQLDirective({
    name: "auth",
    description:
      "Requires a signed-in viewer whose token carries every one of `scopes` and who holds one of `roles` " +
      "(ADMIN includes EDITOR includes USER) or satisfies the named `rule` " +
      `(${Object.keys(NAMED_RULES).join(", ")}). With no arguments: any signed-in viewer. ` +
      "On a type, every field of it requires this too (a type rule only makes its fields stricter). A denied field is null with an " +
      "error whose code is UNAUTHENTICATED (anonymous) or FORBIDDEN.",
    locations: [DirectiveLocation.OBJECT, DirectiveLocation.FIELD_DEFINITION],
    args: {
      roles: { type: new GraphQLList(new GraphQLNonNull(roleEnum)) },
      scopes: { type: new GraphQLList(new GraphQLNonNull(GraphQLString)) },
      rule: { type: GraphQLString },
    },
  });
  const publicDirective = new GraphQLDirective({
    name: "public",
    // Said per field only: a type-wide "public" would also open every field added to the type later.
    description: "Anyone may read this field, signed in or not.",
    locations: [DirectiveLocation.FIELD_DEFINITION],
  });
  return [auth, publicDirective];
}

function printAuthDirective({ roles, scopes, rule }: AuthRule): string {
  const args = [
    roles?.length ? `roles: [${roles.join(", ")}]` : "",
    scopes?.length ? `scopes: [${scopes.map((s) => JSON.stringify(s)).join(", ")}]` : "",
    rule ? `rule: ${JSON.stringify(rule)}` : "",
  ].filter(Boolean);
  return args.length ? `@auth(${args.join(", ")})` : "@auth";
}

/**
 * `@Auth()`: signed in. `@Auth({ roles: [Role.EDITOR] })`, `@Auth({ scopes: ["posts:write"] })`,
 * `@Auth({ rule: "self", roles: [Role.ADMIN] })`: see the directive's description.
 */
export function Auth(rule: AuthRule = {}): MethodDecorator & PropertyDecorator & ClassDecorator {
  return Directive(printAuthDirective(rule));
}

/** Anyone, signed in or not. Per field: a new field is never public unless someone says so. */
export function Public(): MethodDecorator & PropertyDecorator {
  return Directive("@public");
}

/** Loads the object a root field's named rule judges, from the field's arguments; throws NOT_FOUND itself. */
export type TargetLoader = (args: any, ctx: Context) => Promise<unknown>;

/**
 * For a mutation whose rule names an owner: how to load the object it acts
 * on, so the rule is judged before the resolver runs. Kept in the field's
 * extensions (functions have no place in the SDL).
 */
export function AuthTarget(load: TargetLoader): MethodDecorator {
  return Extensions({ authTarget: load });
}

export function authTargetOf(field: GraphQLField<unknown, any>): TargetLoader | undefined {
  const load = field.extensions?.authTarget;
  return typeof load === "function" ? (load as TargetLoader) : undefined;
}

/** Reads the rule declared on a field or a type, or undefined when it has none. */
export function declaredRule(
  element: GraphQLField<unknown, any> | GraphQLObjectType,
  [auth, publicDirective]: GraphQLDirective[],
): FieldRule | undefined {
  const node = element.astNode;
  if (!node) return undefined;
  if (getDirectiveValues(publicDirective!, node)) return PUBLIC;
  const values = getDirectiveValues(auth!, node) as { roles?: AuthRule["roles"]; scopes?: string[]; rule?: string } | undefined;
  if (!values) return undefined;
  if (values.rule !== undefined && !isRuleName(values.rule)) {
    throw new Error(`${element.name}: unknown auth rule "${values.rule}" (known: ${Object.keys(NAMED_RULES).join(", ")})`);
  }
  return { roles: values.roles, scopes: values.scopes, rule: values.rule };
}

/** The built schema's @auth and @public directives, in the order declaredRule takes them. */
export function authDirectivesOf(schema: GraphQLSchema): GraphQLDirective[] {
  return [schema.getDirective("auth")!, schema.getDirective("public")!];
}
