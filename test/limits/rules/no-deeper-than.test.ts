import { noDeeperThan } from "../../../src/limits/rules/no-deeper-than.js";
import { expectErrors, expectValid } from "../harness.js";

/** A selection `fields` fields deep: user → posts → edges → node → author → posts → ..., ending with a leaf. */
function nested(fields: number): string {
  const chain = ["posts", "edges", "node", "author"];
  let selection = "id";
  for (let field = fields - 3; field >= 0; field--) selection = `${chain[field % chain.length]} { ${selection} }`;
  return `{ user(id: "1") { ${selection} } }`;
}

it("accepts an operation exactly as deep as the limit", () => {
  expectValid(noDeeperThan(6), nested(6));
});

it("refuses one level deeper with DEPTH_LIMIT_EXCEEDED, naming the limit", () => {
  expectErrors(noDeeperThan(6), nested(7)).toEqual([{ message: expect.stringMatching(/depth/i), code: "DEPTH_LIMIT_EXCEEDED", limit: 6 }]);
});

it("follows fragments: depth hidden in a fragment still counts", () => {
  expectErrors(noDeeperThan(3), `{ user(id: "1") { ...Deep } } fragment Deep on User { posts { edges { node { id } } } }`).toEqual([
    { message: expect.stringMatching(/depth/i), code: "DEPTH_LIMIT_EXCEEDED", limit: 3 },
  ]);
});
