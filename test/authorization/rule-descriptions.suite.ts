import { Role } from "../../src/tokens/role.js";
import { describeRule } from "../../src/authorization/rule-descriptions.js";
import { buildTesseraSchema } from "../../src/schema.js";

// Introspection carries no applied directives: the docs of GraphiQL, Apollo Sandbox and codegen read each
// field's @auth rule from the end of its description instead.
export default function ruleDescriptions(): void {
  describe("describeRule", () => {
    it("names a signed-in viewer for @auth with no arguments", () => {
      expect(describeRule({})).toBe("Requires: signed in");
    });

    it("names every role that satisfies a role requirement, following the hierarchy", () => {
      expect(describeRule({ roles: [Role.EDITOR] })).toBe("Requires: role EDITOR or ADMIN");
      expect(describeRule({ roles: [Role.USER] })).toBe("Requires: role USER or EDITOR or ADMIN");
    });

    it("names the owner and the named rule in words as alternatives to the roles, and the scopes as required in every case", () => {
      expect(describeRule({ roles: [Role.ADMIN], owner: "id" })).toBe("Requires: you are this user, or role ADMIN");
      expect(describeRule({ roles: [Role.EDITOR], scopes: ["posts:write"], owner: "authorId" })).toBe(
        "Requires: you are its author, or role EDITOR or ADMIN; scope posts:write",
      );
      expect(describeRule({ owner: "reviewer_id" })).toBe("Requires: you are its reviewer");
      expect(describeRule({ owner: "billingContactId", rule: "proPlan" })).toBe("Requires: you are its billing contact, or you are on the pro plan");
      expect(describeRule({ scopes: ["a", "b"] })).toBe("Requires: signed in; scopes a and b");
    });
  });

  describe("the built schema", () => {
    it("ends the description of each field with its rule in words, and marks public fields Public", async () => {
      const schema = await buildTesseraSchema();
      const query = schema.getQueryType()!.getFields();
      expect(query.users!.description).toBe("Every account, newest first.\nRequires: role ADMIN; scope users:admin");
      expect(query.me!.description).toBe("The signed-in user's account.\nRequires: signed in");
      expect(query.posts!.description).toBe("Posts the viewer may see, newest first.\nPublic: anyone, signed in or not");
      expect(query.user!.description).toBe("Public: anyone, signed in or not");
    });
  });
}
