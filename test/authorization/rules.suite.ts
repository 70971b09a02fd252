import mongoose from "mongoose";
import { viewerFromClaims, type Viewer } from "../../src/tokens/claims.js";
import { Role } from "../../src/tokens/role.js";
import { decide, PUBLIC, type FieldRule } from "../../src/authorization/rules.js";
import { holdsRole } from "../../src/tokens/role.js";
import { ErrorCode } from "../../src/errors.js";

// Pure decisions: no server, no database, no token.
export default function rules(): void {
  function viewer(roles: Role[], scope = "profile posts:read posts:write", id = "u1", plan: "free" | "pro" = "free"): Viewer {
    const now = Math.floor(Date.now() / 1000);
    return viewerFromClaims({ iss: "i", sub: id, aud: "a", iat: now, exp: now + 900, jti: "j", client_id: "c", roles, scope, plan });
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
    ["an owner rule on id admits the user themself", viewer([Role.USER], undefined, "u1"), { owner: "id", roles: [Role.ADMIN] }, { id: "u1" }, allow],
    ["an owner rule on id refuses another user", viewer([Role.USER], undefined, "u2"), { owner: "id", roles: [Role.ADMIN] }, { id: "u1" }, missingRoleOrRule],
    ["the role alternative admits an ADMIN who is not the owner", viewer([Role.ADMIN], undefined, "u2"), { owner: "id", roles: [Role.ADMIN] }, { id: "u1" }, allow],
    ["an owner rule admits the viewer its owner field names", viewer([Role.USER], undefined, "u1"), { owner: "authorId" }, { authorId: "u1" }, allow],
    ["an owner rule reads only the field it names", viewer([Role.USER], undefined, "u1"), { owner: "authorId" }, { id: "u1", reviewerId: "u1" }, missingRoleOrRule],
    ["ids are compared by value: a raw record's ObjectId is its owner", viewer([Role.USER], undefined, "6b07f154797601ed69f29fe9"), { owner: "authorId" }, { authorId: new mongoose.Types.ObjectId("6b07f154797601ed69f29fe9") }, allow],
    ["an ObjectId of another user is not the owner", viewer([Role.USER], undefined, "6b07f154797601ed69f29fe9"), { owner: "authorId" }, { authorId: new mongoose.Types.ObjectId() }, missingRoleOrRule],
    ["an owner rule with no object to judge does not hold", viewer([Role.USER]), { owner: "authorId" }, undefined, missingRoleOrRule],
    ["a named rule decides from the claims: a pro viewer passes", viewer([Role.USER], undefined, "u1", "pro"), { rule: "proPlan" }, undefined, allow],
    ["a named rule decides from the claims: a free viewer does not", viewer([Role.USER]), { rule: "proPlan" }, undefined, missingRoleOrRule],
    ["a named rule is an alternative to the roles", viewer([Role.EDITOR]), { rule: "proPlan", roles: [Role.EDITOR] }, undefined, allow],
    ["the scopes are required even of a viewer the named rule admits", viewer([Role.USER], "profile", "u1", "pro"), { rule: "proPlan", scopes: ["posts:write"] }, undefined, missingScopes],
  ];

  it.each(cases)("%s", (_name, who, rule, target, expected) => {
    expect(decide(who, rule, target)).toEqual(expected);
  });
}
