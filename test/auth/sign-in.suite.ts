import { decodeJwt, decodeProtectedHeader } from "jose";
import { graphql, signIn, VIEWER } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

export default function signingIn(): void {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it("issues an ES256 at+jwt whose claims carry identity, roles, scope and the plan custom claim", async () => {
    const session = await signIn(server.url, "user@tessera.dev", "tessera-demo");
    const header = decodeProtectedHeader(session.accessToken);
    expect(header).toEqual({ alg: "ES256", kid: expect.any(String), typ: "at+jwt" });
    const claims = decodeJwt(session.accessToken);
    expect(claims).toEqual({
      iss: server.config.jwt.issuer,
      aud: "tessera",
      sub: session.user.id,
      iat: expect.any(Number),
      exp: claims.iat! + 900,
      jti: expect.any(String),
      client_id: "tessera",
      roles: ["USER"],
      scope: "profile posts:read posts:write",
      plan: "free",
    });
  });

  it("answers viewer from the token's claims", async () => {
    const session = await signIn(server.url, "editor@tessera.dev", "tessera-demo");
    const response = await graphql(server.url, VIEWER, {}, { token: session.accessToken });
    expect(response.status).toBe(200);
    expect(response.body.data!.viewer).toMatchObject({ id: session.user.id, roles: ["EDITOR"] });
  });

  it("answers viewer with null when anonymous", async () => {
    const response = await graphql(server.url, VIEWER);
    expect(response.body).toEqual({ data: { viewer: null } });
  });
}
