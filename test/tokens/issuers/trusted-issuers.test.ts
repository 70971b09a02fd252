import { parseTrustedIssuers, TrustedIssuersError } from "../../../src/tokens/issuers/trusted-issuers.js";

// Issue 18: TRUSTED_ISSUERS. A mistake stops the start, with one clear line for each.

const OWN = "https://api.tessera.test";
const keycloak = {
  issuer: "https://sso.example.com/realms/acme",
  audience: "tessera",
  discovery: true,
  claims: { roles: "realm_access.roles", email: "email", displayName: "name", custom: { plan: '["https://acme.example/plan"]' } },
  roles: { map: { "tessera-admin": "ADMIN", "tessera-editor": "EDITOR" }, default: "USER" },
};

function problems(config: unknown): string[] {
  try {
    parseTrustedIssuers(JSON.stringify(config), OWN);
  } catch (error) {
    if (error instanceof TrustedIssuersError) return error.problems;
    throw error;
  }
  throw new Error("accepted");
}

it("reads an entry: paths parsed, discovery located, roles mapped, users linked by default", () => {
  const [issuer] = parseTrustedIssuers(JSON.stringify([keycloak]), OWN);
  expect(issuer).toMatchObject({
    issuer: keycloak.issuer,
    keys: { discovery: "https://sso.example.com/realms/acme/.well-known/openid-configuration" },
    claims: { subject: ["sub"], roles: ["realm_access", "roles"], scopes: ["scope"], email: ["email"], displayName: ["name"] },
    defaultRole: "USER",
    linkUsers: true,
    requireType: undefined,
  });
  expect(issuer!.claims.custom.get("plan")).toEqual(["https://acme.example/plan"]);
  expect(issuer!.roleMap.get("tessera-admin")).toBe("ADMIN");
});

it("names every mistake, one line each, by entry and field", () => {
  expect(
    problems([
      { ...keycloak, issuer: "http://sso.example.com", roles: { map: { boss: "OWNER" } } },
      { issuer: "https://auth.example.com/", audience: "", jwksUri: "https://auth.example.com/jwks", discovery: true, algorithms: ["HS256"] },
      { ...keycloak, claims: { roles: "realm_access..roles", custom: { tenant: "tid" } }, requireType: "JWT", extra: 1 },
    ]),
  ).toEqual([
    "[0].issuer: must be an https URL (http only on loopback)",
    expect.stringMatching(/^\[0\]\.roles\.map\.boss: /),
    "[1].audience: Too small: expected string to have >=1 characters",
    expect.stringMatching(/^\[1\]\.algorithms\[0\]: /),
    expect.stringMatching(/^\[2\]\.claims\.roles: "realm_access\.\.roles" has no name after a dot/),
    expect.stringMatching(/^\[2\]\.requireType: /),
    expect.stringMatching(/^\[2\]: Unrecognized key: "extra"/),
  ]);
});

it.each([
  ["neither jwksUri nor discovery", [{ ...keycloak, discovery: undefined }], "[0]: give exactly one of jwksUri or discovery: true"],
  ["an unknown custom claim", [{ ...keycloak, claims: { custom: { tenant: "tid" } } }], "[0].claims.custom.tenant: is not a custom claim (plan)"],
  ["our own issuer", [{ ...keycloak, issuer: OWN }], "[0].issuer: is Tessera's own issuer, which is always trusted"],
  ["an issuer twice", [keycloak, keycloak], "[1].issuer: https://sso.example.com/realms/acme is listed twice"],
  ["an object, not a list", { issuer: "x" }, expect.stringMatching(/^: .*expected array/)],
])("refuses %s", (_label, config, line) => {
  expect(problems(config)).toEqual([line]);
});

it("refuses text that is not JSON, in one line", () => {
  expect(() => parseTrustedIssuers("[{issuer:", OWN)).toThrow(/^: is not valid JSON/);
});

it("accepts http only on loopback, for providers run beside the tests", () => {
  const local = { issuer: "http://127.0.0.1:4455", audience: "tessera", jwksUri: "http://127.0.0.1:4455/jwks" };
  expect(parseTrustedIssuers(JSON.stringify([local]), OWN)[0]!.keys).toEqual({ jwksUri: local.jwksUri });
});
