import {
  defaultFieldResolver,
  getNamedType,
  isObjectType,
  type GraphQLDirective,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from "graphql";
import type { Context } from "../context.js";
import { ErrorCode, TesseraError } from "../errors.js";
import type { Viewer } from "./claims.js";
import { declaredRule } from "./directive.js";
import { decide, PUBLIC, type AuthRule, type Decision, type FieldRule } from "./rules.js";

type Field = GraphQLField<unknown, Context>;

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

function denial(decision: Exclude<Decision, { allowed: true }>, coordinate: string): TesseraError {
  return decision.code === ErrorCode.UNAUTHENTICATED
    ? new TesseraError(ErrorCode.UNAUTHENTICATED, `Sign in to access ${coordinate}`)
    : new TesseraError(ErrorCode.FORBIDDEN, `Not allowed to access ${coordinate}`);
}

function describe(rule: FieldRule): string {
  return rule === PUBLIC ? "@public" : JSON.stringify(rule);
}

const VIEWED_AS = Symbol("viewedAs");

/**
 * Marks an object as seen by a given viewer rather than the request's: the
 * user inside signIn's AuthPayload is seen by the account that just proved
 * its password, though the request itself carried no token. Server-side
 * code sets it; a client cannot (symbols do not come from JSON).
 */
export function viewedAs<T extends object>(object: T, viewer: Viewer): T {
  return Object.assign(object, { [VIEWED_AS]: viewer });
}

function viewerFor(parent: unknown, ctx: Context): Viewer | null {
  return (parent as { [VIEWED_AS]?: Viewer } | null)?.[VIEWED_AS] ?? ctx.viewer;
}

/** Rules a root field defers to its resolver, which judges them against the object it loads. */
const targetRules = new WeakMap<Field, AuthRule>();
/** Which resolutions did judge their target; a resolver that forgot fails closed. */
const judgedTargets = new WeakSet<GraphQLResolveInfo>();

/**
 * For a mutation whose rule names an owner (e.g. "the author, or EDITOR"),
 * the object is not the parent but what the resolver loads: the resolver
 * calls this with it, and the same decide() judges the field's rule.
 */
export function authorizeTarget(ctx: Context, info: GraphQLResolveInfo, target: unknown): void {
  judgedTargets.add(info);
  const field = info.parentType.getFields()[info.fieldName] as Field;
  const rule = targetRules.get(field);
  if (!rule) return;
  const decision = decide(ctx.viewer, rule, target);
  if (!decision.allowed) {
    ctx.log.info({ viewer: ctx.viewer?.id ?? "anonymous", field: `${info.parentType.name}.${info.fieldName}`, rule: describe(rule) }, "field access denied");
    throw denial(decision, `${info.parentType.name}.${info.fieldName}`);
  }
}

function guard(field: Field, coordinate: string, checks: FieldRule[], judgesTarget: boolean): void {
  const resolve: GraphQLFieldResolver<unknown, Context> = field.resolve ?? defaultFieldResolver;
  const check = (parent: unknown, ctx: Context) => {
    for (const rule of checks) {
      const viewer = viewerFor(parent, ctx);
      const decision = decide(viewer, rule, parent);
      if (!decision.allowed) {
        ctx.log.info({ viewer: viewer?.id ?? "anonymous", field: coordinate, rule: describe(rule) }, "field access denied");
        throw denial(decision, coordinate);
      }
    }
  };
  field.resolve = judgesTarget
    ? async (parent, args, ctx, info) => {
        check(parent, ctx);
        const result = await resolve(parent, args, ctx, info);
        if (!judgedTargets.has(info)) throw new Error(`${coordinate} did not call authorizeTarget for its rule`);
        return result;
      }
    : (parent, args, ctx, info) => {
        check(parent, ctx);
        return resolve(parent, args, ctx, info);
      };
}

/**
 * Wraps the resolver of every field that has a rule of its own, and of every
 * field returning a type whose rule is not public (checked once there, not
 * per field of the object). Fields with nothing beyond a public type rule get
 * no wrapper at all. Called once, when the schema is built.
 */
export function enforceAuthRules(schema: GraphQLSchema, directives: GraphQLDirective[]): void {
  const roots = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]);
  const typeRules = new Map<GraphQLObjectType, FieldRule | undefined>();
  for (const type of reachableObjectTypes(schema)) {
    const rule = declaredRule(type, directives);
    if (rule && rule !== PUBLIC && rule.rule) throw new Error(`${type.name}: a named rule needs an object; put it on fields`);
    typeRules.set(type, rule);
  }

  for (const type of typeRules.keys()) {
    for (const field of Object.values(type.getFields()) as Field[]) {
      const coordinate = `${type.name}.${field.name}`;
      const own = declaredRule(field, directives);
      const returned = getNamedType(field.type);
      const returnedRule = isObjectType(returned) ? typeRules.get(returned) : undefined;
      const checks: FieldRule[] = [];
      let judgesTarget = false;
      if (own && own !== PUBLIC) {
        if (roots.has(type) && own.rule) {
          // No parent object to judge at the root: check sign-in and scopes here, the rest against the loaded target.
          targetRules.set(field, own);
          judgesTarget = true;
          checks.push({ scopes: own.scopes });
        } else {
          checks.push(own);
        }
      }
      if (returnedRule && returnedRule !== PUBLIC) checks.push(returnedRule);
      if (checks.length > 0) guard(field, coordinate, checks, judgesTarget);
    }
  }
}

/** Every reachable field with no rule of its own and none from its type: deny by default. */
export function findUnguardedFields(schema: GraphQLSchema, directives: GraphQLDirective[]): string[] {
  const unguarded: string[] = [];
  for (const type of reachableObjectTypes(schema)) {
    const typeRule = declaredRule(type, directives);
    for (const field of Object.values(type.getFields())) {
      if (!typeRule && !declaredRule(field as Field, directives)) unguarded.push(`${type.name}.${field.name}`);
    }
  }
  return unguarded;
}
