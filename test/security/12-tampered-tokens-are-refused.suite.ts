import { createPublicKey, verify, type JsonWebKey } from "node:crypto";
import { decodeJwt } from "jose";
import { graphql, signIn, VIEWER } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { signWithServerKey } from "../helpers/tokens.js";
import { expectInvalidToken, expectViewer } from "./expect-rejected.js";
import { b64url, p1363ToDer, segment, serverPublicJwk, withSegment } from "./forge.js";

export default function tamperedTokensAreRefused(): void {
  let server: TestServer;
  let sub: string;
  /** A genuine token, issued by signIn. */
  let issued: string;
  beforeAll(async () => {
    server = await startTestServer();
    const session = await signIn(server.url, "user@tessera.dev", "tessera-demo");
    sub = session.user.id;
    issued = session.accessToken;
  });
  afterAll(() => server.stop());

  const ask = (token: string) => graphql(server.url, VIEWER, {}, { token });

  it("12: (control) the issued token is accepted", async () => {
    expectViewer(await ask(issued), sub);
  });

  it("12: rejects the payload edited to roles ADMIN under the original signature", async () => {
    const edited = { ...decodeJwt(issued), roles: ["ADMIN"], scope: "profile posts:read posts:write posts:review users:admin" };
    // The edited claims are otherwise perfect: signed afresh by the server key they pass, as ADMIN.
    const resigned = await ask(await signWithServerKey(server.config, edited));
    expectViewer(resigned, sub);
    expect(resigned.body.data!.viewer.roles).toEqual(["ADMIN"]);
    expectInvalidToken(await ask(withSegment(issued, 1, segment(edited))));
  });

  it("12: rejects the signature shortened by 3 characters", async () => {
    const signature = issued.split(".")[2]!;
    expectInvalidToken(await ask(withSegment(issued, 2, signature.slice(0, -3))));
  });

  it("12: rejects the ES256 signature converted to DER form", async () => {
    const [header, payload, signature] = issued.split(".") as [string, string, string];
    const der = p1363ToDer(Buffer.from(signature, "base64url"));
    // The conversion is right: as DER, it verifies under the server's public key.
    const publicKey = createPublicKey({ key: serverPublicJwk(server.config) as JsonWebKey, format: "jwk" });
    expect(verify("sha256", Buffer.from(`${header}.${payload}`), { key: publicKey, dsaEncoding: "der" }, der)).toBe(true);
    expectInvalidToken(await ask(withSegment(issued, 2, b64url(der))));
  });
}
