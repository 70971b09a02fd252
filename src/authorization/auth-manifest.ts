import type { GraphQLDirective, GraphQLSchema } from "graphql";
import { declaredRule } from "./directive.js";
import { reachableObjectTypes } from "./reachable-types.js";
import { describeRule, PUBLIC_DESCRIPTION } from "./rule-descriptions.js";
import { compactRule, PUBLIC, type AuthRule, type FieldRule } from "./rules.js";

// schema/auth-manifest.json: for every field coordinate, the rule that is in effect, one line each, checked in
// beside the SDL. A widening of access is then a one-line diff in review, and `npm run schema` refuses to write
// one unless it is acknowledged (--accept-loosening), which records it under "acceptedLoosenings".

export const AUTH_MANIFEST_FILE = "schema/auth-manifest.json";

/** One rule as the manifest spells it: signed in, every scope, and one of: the owner, the roles, the named rule. */
export type Requirement = { signedIn: true } & AuthRule;

/** Every requirement must hold: the field's own rule, and the rule of the type it belongs to, if any. */
export type EffectiveRule = typeof PUBLIC | Requirement[];

export interface AuthManifest {
  fields: Record<string, EffectiveRule>;
  /** One line per acknowledged loosening: date, coordinate, before and after. */
  acceptedLoosenings: string[];
}

/** `Type.field`, with the argument names for mutations, whose arguments say what they act on. */
function coordinate(typeName: string, fieldName: string, argumentNames: string[], isMutation: boolean): string {
  return isMutation ? `${typeName}.${fieldName}(${argumentNames.join(", ")})` : `${typeName}.${fieldName}`;
}

/** The coordinate without its arguments: what two manifests are compared by, so a renamed argument hides nothing. */
export const fieldOf = (coordinate: string) => coordinate.replace(/\(.*\)$/, "");

function requirement(declared: AuthRule): Requirement {
  return { signedIn: true, ...compactRule(declared) };
}

/** Back to the rule the decision function takes. */
export function ruleOf({ signedIn: _, ...rule }: Requirement): AuthRule {
  return rule;
}

export function effectiveRules(schema: GraphQLSchema, directives: GraphQLDirective[]): Record<string, EffectiveRule> {
  const mutation = schema.getMutationType();
  const fields: Record<string, EffectiveRule> = {};
  for (const type of reachableObjectTypes(schema).sort((a, b) => a.name.localeCompare(b.name))) {
    const typeRule = declaredRule(type, directives) as AuthRule | undefined;
    for (const field of Object.values(type.getFields()).sort((a, b) => a.name.localeCompare(b.name))) {
      const own: FieldRule | undefined = declaredRule(field, directives);
      const all = [typeRule, own === PUBLIC ? undefined : own].filter((rule): rule is AuthRule => rule !== undefined);
      const key = coordinate(type.name, field.name, field.args.map((arg) => arg.name), type === mutation);
      fields[key] = own === PUBLIC && !typeRule ? PUBLIC : all.map(requirement);
    }
  }
  return fields;
}

/** A rule in words, for the changelog and for messages: "public", or each requirement as the docs put it. */
export function describeEffectiveRule(rule: EffectiveRule): string {
  return rule === PUBLIC ? PUBLIC_DESCRIPTION : rule.map((requirement) => describeRule(ruleOf(requirement))).join(" and ");
}

/** One line per field, so that a change to one field's rule is a one-line diff. */
export function printManifest({ fields, acceptedLoosenings }: AuthManifest): string {
  const line = (key: string, value: unknown) => `    ${JSON.stringify(key)}: ${JSON.stringify(value)}`;
  return [
    "{",
    '  "fields": {',
    Object.entries(fields).map(([key, rule]) => line(key, rule)).join(",\n"),
    "  },",
    `  "acceptedLoosenings": [${acceptedLoosenings.length ? "\n" + acceptedLoosenings.map((entry) => `    ${JSON.stringify(entry)}`).join(",\n") + "\n  " : ""}]`,
    "}",
    "",
  ].join("\n");
}
