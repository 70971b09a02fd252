import { CompactEncrypt, importJWK } from "jose";
import { randomBytes } from "node:crypto";
import { graphql, signIn, VIEWER } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { signWithServerKey, validClaims } from "../helpers/tokens.js";
import { expectInvalidRequest, expectInvalidToken, expectViewer } from "./expect-rejected.js";
import { rawRequest, serverKid, serverPublicJwk, signExactWithServerKey } from "./forge.js";

export default function onlyACompactJwsIsAToken(): void {
  /*
   * Two gates, in order. The Authorization header grammar (RFC 6750 b64token:
   * letters, digits, `-._~+/`, then `=` only at the end) refuses a value outside
   * it with 400 invalid_request. Whatever passes it must then be exactly three
   * non-empty base64url segments, or it is a 401 invalid token. So `+`, `/`,
   * trailing `=`, extra dots and a JWE reach the second gate (401), while a space,
   * `=` inside the value, non-ASCII and JSON never get past the first (400).
   */

  let server: TestServer;
  let sub: string;
  /** A valid, server-signed token, and its parts. */
  let token: string;
  let h: string, p: string, s: string;
  beforeAll(async () => {
    server = await startTestServer();
    sub = (await signIn(server.url, "user@tessera.dev", "tessera-demo")).user.id;
    token = await signWithServerKey(server.config, validClaims(server.config, sub));
    [h, p, s] = token.split(".") as [string, string, string];
  });
  afterAll(() => server.stop());

  const ask = (value: string) => graphql(server.url, VIEWER, {}, { token: value });

  it("13: (control) the untouched token is accepted", async () => {
    expectViewer(await ask(token), sub);
  });

  it("13: rejects 2, 4 or 5 segments, `....`, and an empty payload segment, even one the server key signed", async () => {
    for (const value of [`${h}.${p}`, `${h}.${p}.${s}.${s}`, `${h}.${p}.${s}.${p}.${s}`, "....", `${h}..${s}`, `${h}.${p}.`, `.${p}.${s}`]) {
      expectInvalidToken(await ask(value));
    }
    const signedEmptyPayload = signExactWithServerKey(server.config, JSON.stringify({ alg: "ES256", kid: serverKid(server.config), typ: "at+jwt" }), "");
    expect(signedEmptyPayload.split(".")[1]).toBe("");
    expectInvalidToken(await ask(signedEmptyPayload));
  });

  it("13: rejects the same bytes in standard base64 (`+`, `/`) or padded with a trailing `=`", async () => {
    // Re-sign until the signature's base64url has a `-` or `_`, so its standard-base64 form differs.
    let signature = s;
    let payload = p;
    while (!/[-_]/.test(signature)) {
      [, payload, signature] = (await signWithServerKey(server.config, validClaims(server.config, sub))).split(".") as [string, string, string];
    }
    const standard = Buffer.from(signature, "base64url").toString("base64").replace(/=+$/, "");
    expect(standard).toMatch(/[+/]/);
    expectInvalidToken(await ask(`${h}.${payload}.${standard}`));
    expectInvalidToken(await ask(`${h}.${payload}.${Buffer.from(signature, "base64url").toString("base64")}`)); // 88 chars, `==` at the end
    // Correct padding on the base64url form: jose's decoder would tolerate it (atob), only Tessera's own check refuses it.
    expect(signature).toHaveLength(86);
    expectInvalidToken(await ask(`${h}.${payload}.${signature}==`));
    expectInvalidToken(await ask(`${h}.${payload}.${signature}=`));
  });

  it("13: `=` inside the value, a space, or non-ASCII fail the header grammar: 400 invalid_request", async () => {
    expectInvalidRequest(await ask(`${h}=.${p}.${s}`));
    expectInvalidRequest(await ask(`${h}.${p} .${s}`));
    expectInvalidRequest(await ask(`${h}.${p}.${s.slice(0, 10)} ${s.slice(10)}`));
    // Sent with node:http, which writes header strings as Latin-1 bytes: `é` and `ÿ` as one byte each, and
    // the UTF-8 bytes of `€` spelt as three Latin-1 characters.
    expectInvalidRequest(await rawRequest(server.url, [["authorization", `Bearer ${h}.${p}é.${s}`]]));
    expectInvalidRequest(await rawRequest(server.url, [["authorization", `Bearer ${h}.${p}.${s}\u00ff`]]));
    expectInvalidRequest(await rawRequest(server.url, [["authorization", `Bearer ${h}.${p}${Buffer.from("€").toString("latin1")}.${s}`]]));
  });

  it("13: a JSON-serialized JWS is refused by the header grammar (400); base64url-wrapped into one segment, it is a 401", async () => {
    const flattened = JSON.stringify({ protected: h, payload: p, signature: s });
    expectInvalidRequest(await ask(flattened));
    const general = JSON.stringify({ payload: p, signatures: [{ protected: h, signature: s }] });
    expectInvalidRequest(await ask(general));
    expectInvalidToken(await ask(Buffer.from(flattened).toString("base64url")));
  });

  it("13: rejects a JWE of valid claims encrypted to the server's own public key, and a dir-mode JWE with an empty key segment", async () => {
    const claims = new TextEncoder().encode(JSON.stringify(validClaims(server.config, sub, { roles: ["ADMIN"] })));
    const serverKey = await importJWK(serverPublicJwk(server.config), "ECDH-ES+A256KW");
    const toServer = await new CompactEncrypt(claims)
      .setProtectedHeader({ alg: "ECDH-ES+A256KW", enc: "A256GCM", kid: serverKid(server.config), typ: "at+jwt" })
      .encrypt(serverKey);
    expect(toServer.split(".").every((part) => part.length > 0) && toServer.split(".").length === 5).toBe(true);
    expectInvalidToken(await ask(toServer));
    const direct = await new CompactEncrypt(claims)
      .setProtectedHeader({ alg: "dir", enc: "A256GCM", kid: serverKid(server.config), typ: "at+jwt" })
      .encrypt(new Uint8Array(randomBytes(32)));
    expect(direct.split(".")[1]).toBe("");
    expectInvalidToken(await ask(direct));
  });
}
