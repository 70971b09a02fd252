import {
  defaultFieldResolver,
  getNamedType,
  isObjectType,
  type GraphQLDirective,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLObjectType,
  type GraphQLSchema,
} from "graphql";
import type { AuthorizationContext } from "./authorization-context.js";
import { ErrorCode, TesseraError } from "../errors.js";
import { authTargetOf, declaredRule } from "./directive.js";
import { reachableObjectTypes } from "./reachable-types.js";
import { compactRule, decide, PUBLIC, type AuthRule, type Decision, type FieldRule } from "./rules.js";
import { viewerFor } from "./viewed-as.js";

type Field = GraphQLField<unknown, AuthorizationContext>;
type Check = (parent: unknown, ctx: AuthorizationContext) => void;
type TargetCheck = (parent: unknown, args: Record<string, unknown>, ctx: AuthorizationContext) => Promise<void>;

/** Names what the rule asks for (as the docs show it) and what the viewer lacks: a client can tell the person. */
function denial(decision: Exclude<Decision, { allowed: true }>, rule: AuthRule, coordinate: string): TesseraError {
  const extensions = { required: compactRule(rule), missing: decision.missing };
  return decision.code === ErrorCode.UNAUTHENTICATED
    ? new TesseraError(ErrorCode.UNAUTHENTICATED, `Sign in to access ${coordinate}`, extensions)
    : new TesseraError(ErrorCode.FORBIDDEN, `Not allowed to access ${coordinate}`, extensions);
}

function enforce(rule: AuthRule, coordinate: string, ctx: AuthorizationContext, parent: unknown, target = parent): void {
  const viewer = viewerFor(parent, ctx);
  const decision = decide(viewer, rule, target);
  if (decision.allowed) return;
  ctx.log.info({ viewer: viewer?.subject ?? "anonymous", field: coordinate, rule, missing: decision.missing }, "field access denied");
  throw denial(decision, rule, coordinate);
}

/**
 * A root field whose rule names an owner ("the author, or EDITOR") has no
 * parent object to judge: the target in its @Auth loads the object from the
 * arguments, and the rule is judged against it before the resolver runs, so
 * nothing is changed for a viewer who may not change it.
 */
function targetCheck(field: Field, rule: AuthRule, coordinate: string): TargetCheck {
  const loadTarget = authTargetOf(field);
  if (!loadTarget) throw new Error(`${coordinate}: the owner rule needs a target in @Auth to load the object it judges`);
  const { owner, ...otherwise } = rule;
  const hasOtherwise = Boolean(otherwise.roles?.length || otherwise.rule);
  return async (parent, args, ctx) => {
    enforce({ scopes: rule.scopes }, coordinate, ctx, parent);
    // A role or named rule that passes needs no object: nothing is loaded for it.
    if (hasOtherwise && decide(ctx.viewer, otherwise).allowed) return;
    enforce(rule, coordinate, ctx, parent, await loadTarget(args, ctx));
  };
}

function guard(field: Field, checks: Check[], checkTarget?: TargetCheck): void {
  const resolve: GraphQLFieldResolver<unknown, AuthorizationContext> = field.resolve ?? defaultFieldResolver;
  field.resolve = checkTarget
    ? async (parent, args, ctx, info) => {
        for (const check of checks) check(parent, ctx);
        await checkTarget(parent, args, ctx);
        return resolve(parent, args, ctx, info);
      }
    : (parent, args, ctx, info) => {
        for (const check of checks) check(parent, ctx);
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
    if (rule === PUBLIC) throw new Error(`${type.name}: @public is said per field, so that a field added later is never public by accident`);
    if (rule?.owner) throw new Error(`${type.name}: an owner rule judges one object; put it on the fields of ${type.name}`);
    typeRules.set(type, rule);
  }

  for (const type of typeRules.keys()) {
    for (const field of Object.values(type.getFields()) as Field[]) {
      const coordinate = `${type.name}.${field.name}`;
      const own = declaredRule(field, directives);
      if (own === PUBLIC && typeRules.get(type)) {
        throw new Error(`${coordinate}: @public under its type's @auth opens nothing: a type rule only makes its fields stricter`);
      }
      const returned = getNamedType(field.type);
      const returnedRule = isObjectType(returned) ? typeRules.get(returned) : undefined;
      const checks: Check[] = [];
      let checkTarget: TargetCheck | undefined;
      if (own && own !== PUBLIC) {
        if (roots.has(type) && own.owner) checkTarget = targetCheck(field, own, coordinate);
        else checks.push((parent, ctx) => enforce(own, coordinate, ctx, parent));
      }
      if (returnedRule && returnedRule !== PUBLIC) checks.push((parent, ctx) => enforce(returnedRule, coordinate, ctx, parent));
      if (checks.length > 0 || checkTarget) guard(field, checks, checkTarget);
    }
  }
}
