import { describeEffectiveRule, fieldOf, ruleOf, type EffectiveRule } from "./auth-manifest.js";
import type { Viewer } from "./claims.js";
import { ALL_ROLES, type Role } from "./role.js";
import { decide, PUBLIC } from "./rules.js";

// A change loosens a field's rule when some viewer may read it afterwards who could not before: guarded to
// public, a role requirement dropped or widened, a scope dropped, an owner rule removed. It is judged by the
// one decision function itself, over every kind of viewer the rules can tell apart.

function allows(rule: EffectiveRule, viewer: Viewer | null, target: unknown): boolean {
  return rule === PUBLIC || rule.every((requirement) => decide(viewer, ruleOf(requirement), target).allowed);
}

function scopesIn(rule: EffectiveRule): string[] {
  return rule === PUBLIC ? [] : rule.flatMap((requirement) => requirement.scopes ?? []);
}

function subsets<T>(items: T[]): T[][] {
  return items.reduce<T[][]>((sets, item) => [...sets, ...sets.map((set) => [...set, item])], [[]]);
}

/** Anonymous, then every role (or none) with every combination of the scopes involved, as owner and not. */
function viewersTellingApart(before: EffectiveRule, after: EffectiveRule): Array<{ viewer: Viewer | null; target: unknown }> {
  const scopes = [...new Set([...scopesIn(before), ...scopesIn(after)])];
  const roleSets: Role[][] = [[], ...ALL_ROLES.map((role) => [role])];
  const owned = { id: "viewer", authorId: "viewer" };
  const notOwned = { id: "someone-else", authorId: "someone-else" };
  const cases: Array<{ viewer: Viewer | null; target: unknown }> = [{ viewer: null, target: notOwned }];
  for (const roles of roleSets) {
    for (const held of subsets(scopes)) {
      const viewer = { id: "viewer", roles, scopes: held, expiresAt: new Date(0), issuedAt: new Date(0), claims: {} } as unknown as Viewer;
      cases.push({ viewer, target: owned }, { viewer, target: notOwned });
    }
  }
  return cases;
}

export function loosens(before: EffectiveRule, after: EffectiveRule): boolean {
  return viewersTellingApart(before, after).some(({ viewer, target }) => allows(after, viewer, target) && !allows(before, viewer, target));
}

/** "Type.field: <before> → <after>" for each field whose rule was loosened; fields added or removed are not. */
export function loosenings(before: Record<string, EffectiveRule>, after: Record<string, EffectiveRule>): string[] {
  const previous = new Map(Object.entries(before).map(([key, rule]) => [fieldOf(key), rule]));
  return Object.entries(after).flatMap(([key, rule]) => {
    const was = previous.get(fieldOf(key));
    return was !== undefined && loosens(was, rule) ? [`${fieldOf(key)}: ${describeEffectiveRule(was)} → ${describeEffectiveRule(rule)}`] : [];
  });
}
