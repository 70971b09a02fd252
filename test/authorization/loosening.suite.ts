import type { EffectiveRule } from "../../src/authorization/auth-manifest.js";
import { loosenings, loosens } from "../../src/authorization/loosening.js";
import { Role } from "../../src/tokens/role.js";

// A loosening is any change after which some viewer may read a field they could not read before.
export default function loosening(): void {
  const editor: EffectiveRule = [{ signedIn: true, roles: [Role.EDITOR] }];

  it.each<[string, EffectiveRule, EffectiveRule]>([
    ["guarded to public", editor, "public"],
    ["a role requirement removed", editor, [{ signedIn: true }]],
    ["a role widened (EDITOR to USER)", editor, [{ signedIn: true, roles: [Role.USER] }]],
    ["a scope dropped", [{ signedIn: true, scopes: ["posts:write"] }], [{ signedIn: true }]],
    ["an owner rule removed", [{ signedIn: true, owner: "authorId" }], [{ signedIn: true }]],
    ["an owner rule added as an alternative to a role", [{ signedIn: true, roles: [Role.ADMIN] }], [{ signedIn: true, roles: [Role.ADMIN], owner: "authorId" }]],
    ["a named rule added as an alternative to a role", editor, [{ signedIn: true, roles: [Role.EDITOR], rule: "proPlan" }]],
    ["a named rule removed", [{ signedIn: true, rule: "proPlan" }], [{ signedIn: true }]],
    ["the owner moved to another field", [{ signedIn: true, owner: "authorId" }], [{ signedIn: true, owner: "reviewerId" }]],
    ["a type requirement removed", [{ signedIn: true }, { signedIn: true, roles: [Role.ADMIN] }], [{ signedIn: true }]],
  ])("counts %s as loosening", (_name, before, after) => {
    expect(loosens(before, after)).toBe(true);
  });

  it.each<[string, EffectiveRule, EffectiveRule]>([
    ["no change", editor, editor],
    ["public to guarded", "public", editor],
    ["a stricter role", editor, [{ signedIn: true, roles: [Role.ADMIN] }]],
    ["a scope added", editor, [{ signedIn: true, roles: [Role.EDITOR], scopes: ["posts:review"] }]],
    ["a named rule put in place of a role alternative", [{ signedIn: true, roles: [Role.EDITOR], rule: "proPlan" }], [{ signedIn: true, rule: "proPlan" }]],
    ["the owner alternative removed, roles kept", [{ signedIn: true, roles: [Role.ADMIN], owner: "authorId" }], [{ signedIn: true, roles: [Role.ADMIN] }]],
  ])("does not count %s as loosening", (_name, before, after) => {
    expect(loosens(before, after)).toBe(false);
  });

  it("names each loosened field in words, compared by field so a renamed argument hides nothing; added and removed fields are not loosenings", () => {
    const before: Record<string, EffectiveRule> = { "Post.reviewNotes": editor, "Mutation.deletePost(id)": [{ signedIn: true, roles: [Role.ADMIN], owner: "authorId" }], "Post.gone": editor };
    const after: Record<string, EffectiveRule> = { "Post.reviewNotes": "public", "Mutation.deletePost(postId)": [{ signedIn: true }], "Post.added": "public" };
    expect(loosenings(before, after)).toEqual([
      "Post.reviewNotes: Requires: role EDITOR or ADMIN → Public: anyone, signed in or not",
      "Mutation.deletePost: Requires: you are its author, or role ADMIN → Requires: signed in",
    ]);
  });
}
