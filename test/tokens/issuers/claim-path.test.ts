import { ClaimPathError, parseClaimPath, readClaim } from "../../../src/tokens/issuers/claim-path.js";

// Issue 18: where roles, scopes and the rest sit in another provider's token.

it.each([
  ["sub", ["sub"]],
  ["realm_access.roles", ["realm_access", "roles"]],
  ['["https://example.com/roles"]', ["https://example.com/roles"]],
  ['["cognito:groups"]', ["cognito:groups"]],
  ["['cognito:groups']", ["cognito:groups"]],
  ['resource_access["my-app"].roles', ["resource_access", "my-app", "roles"]],
  ['["a.b"]["c"]', ["a.b", "c"]],
  ['["with \\"quote\\""]', ['with "quote"']],
])("%s → %j", (text, path) => {
  expect(parseClaimPath(text)).toEqual(path);
});

it.each(["", "a..b", ".a", "a.", "a[b]", '["unterminated', "a b", "1abc", '["a"]x'])("refuses %j", (text) => {
  expect(() => parseClaimPath(text)).toThrow(ClaimPathError);
});

it("reads own properties only, and nothing through arrays or scalars", () => {
  const payload = { realm_access: { roles: ["admin"] }, list: [{ a: 1 }], s: "x" };
  expect(readClaim(payload, ["realm_access", "roles"])).toEqual(["admin"]);
  expect(readClaim(payload, ["realm_access", "missing"])).toBeUndefined();
  expect(readClaim(payload, ["list", "0"])).toBeUndefined();
  expect(readClaim(payload, ["s", "length"])).toBeUndefined();
  expect(readClaim(payload, ["realm_access", "constructor"])).toBeUndefined();
  expect(readClaim(payload, ["__proto__"])).toBeUndefined();
});
