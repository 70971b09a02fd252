import type { GraphQLDirective, GraphQLSchema } from "graphql";
import { declaredRule } from "./directive.js";
import { reachableObjectTypes } from "./reachable-types.js";
import { ALL_ROLES, rolesIncludedBy, type Role } from "../tokens/role.js";
import { NAMED_RULES, PUBLIC, type AuthRule } from "./rules.js";

/** Every role that satisfies `required`: the role itself and those that include it. */
function rolesHolding(required: Role): Role[] {
  return ALL_ROLES.filter((role) => rolesIncludedBy(role).includes(required));
}

/** The owner in words: `authorId` is "its author", and a user's own `id` is "this user". */
function ownerWords(ownerField: string): string {
  if (ownerField === "id") return "you are this user";
  const who = ownerField.replace(/_?[iI]d$/, "").replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  return `you are its ${who}`;
}

/** A rule in words, e.g. `Requires: you are its author, or role EDITOR or ADMIN; scope posts:write`. */
export function describeRule({ roles = [], scopes = [], owner, rule }: AuthRule): string {
  const heldBy = [...new Set(roles.flatMap(rolesHolding))];
  const who = [owner ? ownerWords(owner) : "", heldBy.length > 0 ? `role ${heldBy.join(" or ")}` : "", rule ? NAMED_RULES[rule].words : ""]
    .filter(Boolean)
    .join(", or ");
  const what = scopes.length > 0 ? `; scope${scopes.length > 1 ? "s" : ""} ${scopes.join(" and ")}` : "";
  return `Requires: ${who || "signed in"}${what}`;
}

/** Marks public fields in the docs, so that "public" and "forgotten" never look the same. */
export const PUBLIC_DESCRIPTION = "Public: anyone, signed in or not";

/**
 * Introspection carries descriptions but not applied directives, so GraphiQL's docs, Apollo Sandbox and
 * codegen would never see @auth. Each type and field with a rule of its own gets it in words at the end of
 * its description, public fields included. Called once, when the schema is built.
 */
export function describeAuthRules(schema: GraphQLSchema, directives: GraphQLDirective[]): void {
  for (const type of reachableObjectTypes(schema)) {
    for (const element of [type, ...Object.values(type.getFields())]) {
      const rule = declaredRule(element, directives);
      if (!rule) continue;
      const words = rule === PUBLIC ? PUBLIC_DESCRIPTION : describeRule(rule);
      // One paragraph with the description, so the docs' field lists (which show only the first) show it too.
      element.description = [element.description, words].filter(Boolean).join("\n");
    }
  }
}
