import { graphql, signIn } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { signWithServerKey, validClaims } from "../helpers/tokens.js";

// A denial says what the field requires (the rule the docs show) and which part of it the viewer lacks,
// in its extensions and in the server's log line: a client can tell the person what is missing, and an
// operator can tell why without reading the code.
export default function denials(): void {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  const deniedLines = () => server.logs.filter((line) => line.includes("field access denied")).map((line) => JSON.parse(line));

  it("an anonymous viewer is told the field needs a signed-in viewer", async () => {
    const response = await graphql(server.url, "{ me { id } }");
    expect(response.body.errors).toEqual([
      expect.objectContaining({ path: ["me"], extensions: { code: "UNAUTHENTICATED", required: {}, missing: "signed-in" } }),
    ]);
  });

  it("a USER without the scope is told the roles and scopes users needs, and that a scope is missing", async () => {
    const { accessToken } = await signIn(server.url, "user@tessera.dev", "tessera-demo");
    const response = await graphql(server.url, "{ users { edges { node { id } } } }", {}, { token: accessToken });
    expect(response.body.errors![0]!.extensions).toEqual({ code: "FORBIDDEN", required: { roles: ["ADMIN"], scopes: ["users:admin"] }, missing: "scopes" });
    expect(deniedLines().at(-1)).toMatchObject({ field: "Query.users", missing: "scopes", rule: { roles: ["ADMIN"], scopes: ["users:admin"] } });
  });

  it("a viewer with the scope but not the role is told that the role (or owner rule) is missing", async () => {
    const { user } = await signIn(server.url, "user@tessera.dev", "tessera-demo");
    // A token signed with the server's key for this USER that carries the scope but not the role.
    const token = await signWithServerKey(server.config, validClaims(server.config, user.id, { scope: "users:admin" }));
    const response = await graphql(server.url, "{ users { edges { node { id } } } }", {}, { token });
    expect(response.body.errors![0]!.extensions).toEqual({ code: "FORBIDDEN", required: { roles: ["ADMIN"], scopes: ["users:admin"] }, missing: "role-or-rule" });
  });
}
