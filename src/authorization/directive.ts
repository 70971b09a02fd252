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
import { isRuleName, NAMED_RULES, PUBLIC, type AuthRule, type FieldRule, type IdLike, type RuleName } from "./rules.js";

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
      "Requires a signed-in viewer whose token carries every one of `scopes` and who is the object's `owner` " +
      "(the field holding its owner's id), holds one of `roles` (ADMIN includes EDITOR includes USER) " +
      `or satisfies the named \`rule\` (${Object.keys(NAMED_RULES).join(", ")}). With no arguments: any signed-in viewer. ` +
      "On a type, every field of it requires this too (a type rule only makes its fields stricter). A denied field is null with an " +
      "error whose code is UNAUTHENTICATED (anonymous) or FORBIDDEN.",
    locations: [DirectiveLocation.OBJECT, DirectiveLocation.FIELD_DEFINITION],
    args: {
      roles: { type: new GraphQLList(new GraphQLNonNull(roleEnum)) },
      scopes: { type: new GraphQLList(new GraphQLNonNull(GraphQLString)) },
      owner: { type: GraphQLString },
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

function printAuthDirective({ roles, scopes, owner, rule }: AuthRule): string {
  const args = [
    owner ? `owner: ${JSON.stringify(owner)}` : "",
    roles?.length ? `roles: [${roles.join(", ")}]` : "",
    scopes?.length ? `scopes: [${scopes.map((s) => JSON.stringify(s)).join(", ")}]` : "",
    rule ? `rule: ${JSON.stringify(rule)}` : "",
  ].filter(Boolean);
  return args.length ? `@auth(${args.join(", ")})` : "@auth";
}

/** Loads the object a root field's owner rule judges, from the field's arguments; throws NOT_FOUND itself. */
// `ctx` is the request context (src/context.ts), left untyped here so that authorization does not depend on it.
export type TargetLoader<T = unknown> = (args: any, ctx: any) => Promise<T>;

/** Something whose field K holds its owner's id, as a record (ObjectId) or a resolved object (string) has it. */
export type OwnedVia<K extends string> = { [P in K]: IdLike | null | undefined };

/** Who else passes besides the owner. */
interface Otherwise {
  roles?: AuthRule["roles"];
  rule?: RuleName;
}

/** No owner: every scope, and one of the roles or the named rule. On a type, a field or a root field alike. */
type PlainRule = Omit<AuthRule, "owner"> & { owner?: undefined; or?: undefined; target?: undefined };

/** The owner, or what `or` names; every scope in any case. */
type OwnerRule<K extends string> = { owner: K; or?: Otherwise; scopes?: AuthRule["scopes"] };

/**
 * `@Auth()`: signed in. `@Auth({ roles: [Role.EDITOR] })`, `@Auth({ scopes: ["posts:write"] })`, `@Auth({ rule: "proPlan" })`.
 * Owner rules are typed against what they judge: on a field, `@Auth({ owner: "id", or: { roles: [Role.ADMIN] } })`
 * compiles only in a class with an `id`; on a root field, `@Auth({ owner: "authorId", target: loadPost })`
 * compiles only when loadPost resolves to something with an `authorId`. See the directive's description.
 */
export function Auth<K extends string, T extends OwnedVia<K>>(rule: OwnerRule<K> & { target: TargetLoader<T> }): MethodDecorator;
export function Auth<K extends string>(rule: OwnerRule<K> & { target?: undefined }): <T extends OwnedVia<K>>(prototype: T, field: string | symbol) => void;
export function Auth(rule?: PlainRule): MethodDecorator & PropertyDecorator & ClassDecorator;
export function Auth(
  rule: (Omit<AuthRule, "owner"> & { owner?: string; or?: Otherwise; target?: TargetLoader }) = {},
): MethodDecorator & PropertyDecorator & ClassDecorator {
  const { target, or, ...declared } = rule;
  const directive = Directive(printAuthDirective({ ...declared, ...or }));
  if (!target) return directive;
  // The loader is kept in the field's extensions: functions have no place in the SDL.
  const extensions = Extensions({ authTarget: target });
  return ((prototype: object, field: string | symbol, descriptor: PropertyDescriptor) => {
    directive(prototype, field, descriptor);
    extensions(prototype, field, descriptor);
  }) as MethodDecorator & PropertyDecorator & ClassDecorator;
}

/** Anyone, signed in or not. Per field: a new field is never public unless someone says so. */
export function Public(): MethodDecorator & PropertyDecorator {
  return Directive("@public");
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
  const values = getDirectiveValues(auth!, node) as { roles?: AuthRule["roles"]; scopes?: string[]; owner?: string; rule?: string } | undefined;
  if (!values) return undefined;
  if (values.rule !== undefined && !isRuleName(values.rule)) {
    throw new Error(`${element.name}: unknown auth rule "${values.rule}" (known: ${Object.keys(NAMED_RULES).join(", ")})`);
  }
  return { roles: values.roles, scopes: values.scopes, owner: values.owner, rule: values.rule };
}

/** The built schema's @auth and @public directives, in the order declaredRule takes them. */
export function authDirectivesOf(schema: GraphQLSchema): GraphQLDirective[] {
  return [schema.getDirective("auth")!, schema.getDirective("public")!];
}
