import { describeEffectiveRule, fieldOf, ruleOf, type EffectiveRule } from "./auth-manifest.js";
import type { Viewer } from "../tokens/claims.js";
import { ALL_ROLES, type Role } from "../tokens/role.js";
import { decide, PUBLIC, type RuleName } from "./rules.js";

// A change loosens a field's rule when some viewer may read it afterwards who could not before: guarded to
// public, a role requirement dropped or widened, a scope dropped, an owner or named rule removed or added as an
// alternative. It is judged by the one decision function itself, over every kind of viewer the rules can tell
// apart: each role, each combination of the scopes and named rules involved, owner of the object or not.

interface ImaginedViewer {
  viewer: Viewer | null;
  /** The named rules this viewer satisfies, whatever the rules read from claims. */
  rulesHeld: ReadonlySet<RuleName>;
  target: unknown;
}

function allows(rule: EffectiveRule, { viewer, rulesHeld, target }: ImaginedViewer): boolean {
  const holdsRule = (name: RuleName) => rulesHeld.has(name);
  return rule === PUBLIC || rule.every((requirement) => decide(viewer, ruleOf(requirement), target, holdsRule).allowed);
}

function scopesIn(rule: EffectiveRule): string[] {
  return rule === PUBLIC ? [] : rule.flatMap((requirement) => requirement.scopes ?? []);
}

function namedRulesIn(rule: EffectiveRule): RuleName[] {
  return rule === PUBLIC ? [] : rule.flatMap((requirement) => (requirement.rule ? [requirement.rule] : []));
}

function ownerFieldsIn(rule: EffectiveRule): string[] {
  return rule === PUBLIC ? [] : rule.flatMap((requirement) => (requirement.owner ? [requirement.owner] : []));
}

/** Objects the viewer owns through exactly one of the owner fields, and one the viewer does not own at all. */
function targetsTellingApart(ownerFields: string[]): unknown[] {
  const ownedThrough = (field?: string) => Object.fromEntries(ownerFields.map((name) => [name, name === field ? "viewer" : "someone-else"]));
  return [ownedThrough(), ...ownerFields.map(ownedThrough)];
}

function subsets<T>(items: T[]): T[][] {
  return items.reduce<T[][]>((sets, item) => [...sets, ...sets.map((set) => [...set, item])], [[]]);
}

function viewersTellingApart(before: EffectiveRule, after: EffectiveRule): ImaginedViewer[] {
  const scopes = [...new Set([...scopesIn(before), ...scopesIn(after)])];
  const namedRules = [...new Set([...namedRulesIn(before), ...namedRulesIn(after)])];
  const roleSets: Role[][] = [[], ...ALL_ROLES.map((role) => [role])];
  const targets = targetsTellingApart([...new Set([...ownerFieldsIn(before), ...ownerFieldsIn(after)])]);
  const cases: ImaginedViewer[] = [{ viewer: null, rulesHeld: new Set(), target: targets[0] }];
  for (const roles of roleSets) {
    for (const held of subsets(scopes)) {
      const viewer = { id: "viewer", roles, scopes: held, expiresAt: new Date(0), issuedAt: new Date(0), claims: {} } as unknown as Viewer;
      for (const rules of subsets(namedRules)) {
        const rulesHeld = new Set(rules);
        cases.push(...targets.map((target) => ({ viewer, rulesHeld, target })));
      }
    }
  }
  return cases;
}

export function loosens(before: EffectiveRule, after: EffectiveRule): boolean {
  return viewersTellingApart(before, after).some((imagined) => allows(after, imagined) && !allows(before, imagined));
}

/** "Type.field: <before> → <after>" for each field whose rule was loosened; fields added or removed are not. */
export function loosenings(before: Record<string, EffectiveRule>, after: Record<string, EffectiveRule>): string[] {
  const previous = new Map(Object.entries(before).map(([key, rule]) => [fieldOf(key), rule]));
  return Object.entries(after).flatMap(([key, rule]) => {
    const was = previous.get(fieldOf(key));
    return was !== undefined && loosens(was, rule) ? [`${fieldOf(key)}: ${describeEffectiveRule(was)} → ${describeEffectiveRule(rule)}`] : [];
  });
}
