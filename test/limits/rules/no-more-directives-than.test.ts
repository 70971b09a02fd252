import { noMoreDirectivesThan } from "../../../src/limits/rules/no-more-directives-than.js";
import { expectErrors, expectValid } from "../harness.js";

const withDirectives = (count: number) => `{ viewer { id ${"@include(if: true) ".repeat(count)}} }`;

it("accepts as many directives as the limit", () => {
  expectValid(noMoreDirectivesThan(50), withDirectives(50));
});

it("refuses one more with DIRECTIVE_LIMIT_EXCEEDED, naming the limit", () => {
  expectErrors(noMoreDirectivesThan(50), withDirectives(51)).toEqual([{ message: expect.stringMatching(/directive/i), code: "DIRECTIVE_LIMIT_EXCEEDED", limit: 50 }]);
});
