import mongoose from "mongoose";
import type { Viewer } from "../../src/auth/claims.js";
import { Role } from "../../src/auth/role.js";
import { decide, holdsRole, PUBLIC, type FieldRule } from "../../src/auth/rules.js";
import { ErrorCode } from "../../src/errors.js";

// Pure decisions: no server, no database, no token.
function viewer(roles: Role[], scope = "profile posts:read posts:write", id = "u1"): Viewer {
  const now = Math.floor(Date.now() / 1000);
  return {
    id,
    roles,
    scopes: scope.split(" "),
    expiresAt: new Date((now + 900) * 1000),
    issuedAt: new Date(now * 1000),
    claims: { iss: "i", sub: id, aud: "a", iat: now, exp: now + 900, jti: "j", client_id: "c", roles, scope, plan: "free" },
  };
}

const allow = { allowed: true };
const missingScopes = { allowed: false, code: ErrorCode.FORBIDDEN, missing: "scopes" };
const missingRoleOrRule = { allowed: false, code: ErrorCode.FORBIDDEN, missing: "role-or-rule" };
const unauthenticated = { allowed: false, code: ErrorCode.UNAUTHENTICATED, missing: "signed-in" };

it.each([
  [Role.ADMIN, Role.EDITOR, true],
  [Role.ADMIN, Role.USER, true],
  [Role.EDITOR, Role.USER, true],
  [Role.EDITOR, Role.ADMIN, false],
  [Role.USER, Role.EDITOR, false],
])("%s holds %s: %s (ADMIN includes EDITOR includes USER)", (held, required, expected) => {
  expect(holdsRole(viewer([held]), required)).toBe(expected);
});

const cases: Array<[string, Viewer | null, FieldRule, unknown, object]> = [
  ["public lets anonymous in", null, PUBLIC, undefined, allow],
  ["signed-in rule refuses anonymous as UNAUTHENTICATED", null, {}, undefined, unauthenticated],
  ["signed-in rule lets any viewer in", viewer([Role.USER]), {}, undefined, allow],
  ["a role rule refuses a lower role as FORBIDDEN", viewer([Role.USER]), { roles: [Role.EDITOR] }, undefined, missingRoleOrRule],
  ["a role rule admits a higher role", viewer([Role.ADMIN]), { roles: [Role.EDITOR] }, undefined, allow],
  ["a missing scope is FORBIDDEN", viewer([Role.USER], "profile"), { scopes: ["posts:write"] }, undefined, missingScopes],
  ["every scope must be held", viewer([Role.USER], "posts:write"), { scopes: ["posts:write", "posts:review"] }, undefined, missingScopes],
  ["a missing scope is FORBIDDEN even for ADMIN", viewer([Role.ADMIN], "profile"), { scopes: ["posts:write"] }, undefined, missingScopes],
  ["self admits the user themself", viewer([Role.USER], undefined, "u1"), { rule: "self", roles: [Role.ADMIN] }, { id: "u1" }, allow],
  ["self refuses another user", viewer([Role.USER], undefined, "u2"), { rule: "self", roles: [Role.ADMIN] }, { id: "u1" }, missingRoleOrRule],
  ["the role alternative admits an ADMIN who is not the owner", viewer([Role.ADMIN], undefined, "u2"), { rule: "self", roles: [Role.ADMIN] }, { id: "u1" }, allow],
  ["author admits the author", viewer([Role.USER], undefined, "u1"), { rule: "author" }, { authorId: "u1" }, allow],
  ["ids are compared by value: a raw record's ObjectId is its author", viewer([Role.USER], undefined, "6b07f154797601ed69f29fe9"), { rule: "author" }, { authorId: new mongoose.Types.ObjectId("6b07f154797601ed69f29fe9") }, allow],
  ["an ObjectId of another user is not the author", viewer([Role.USER], undefined, "6b07f154797601ed69f29fe9"), { rule: "author" }, { authorId: new mongoose.Types.ObjectId() }, missingRoleOrRule],
  ["a named rule with no target does not hold", viewer([Role.USER]), { rule: "author" }, undefined, missingRoleOrRule],
];

it.each(cases)("%s", (_name, who, rule, target, expected) => {
  expect(decide(who, rule, target)).toEqual(expected);
});
