import { noMoreAliasesThan } from "../../../src/limits/rules/no-more-aliases-than.js";
import { expectErrors, expectValid } from "../harness.js";

const aliased = (count: number, field: string) => `{ ${Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(" ")} }`;

it("accepts as many aliases as the limit", () => {
  expectValid(noMoreAliasesThan(15), aliased(15, "viewer { id }"));
});

it("refuses one more with ALIAS_LIMIT_EXCEEDED, naming the limit", () => {
  expectErrors(noMoreAliasesThan(15), aliased(16, "viewer { id }")).toEqual([{ message: expect.stringMatching(/alias/i), code: "ALIAS_LIMIT_EXCEEDED", limit: 15 }]);
});

it("counts aliases of __typename like any other: no field is exempt", () => {
  expectErrors(noMoreAliasesThan(15), aliased(16, "__typename")).toEqual([{ message: expect.stringMatching(/alias/i), code: "ALIAS_LIMIT_EXCEEDED", limit: 15 }]);
});

it("counts aliases inside fragments", () => {
  const fragment = `fragment Many on Query { ${Array.from({ length: 16 }, (_, i) => `t${i}: __typename`).join(" ")} }`;
  expectErrors(noMoreAliasesThan(15), `{ ...Many } ${fragment}`).toEqual([expect.objectContaining({ code: "ALIAS_LIMIT_EXCEEDED" })]);
});

it("does not count plain fields", () => {
  expectValid(noMoreAliasesThan(1), "{ viewer { id roles scopes } posts { edges { node { id title } } } }");
});
