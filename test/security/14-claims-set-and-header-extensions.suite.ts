import { signWithServerKey, validClaims } from "../helpers/tokens.js";
import { expectInvalidToken, expectViewer } from "./expect-rejected.js";
import { b64url, signBytesWithServerKey, serverKid, signExactWithServerKey } from "./forge.js";
import { ask, server, sub, useTokenTarget } from "../helpers/token-target.js";

export default function claimsSetAndHeaderExtensions(): void {
  useTokenTarget();

  const claimsJson = (overrides: Record<string, unknown> = {}) => JSON.stringify(validClaims(server.config, sub, overrides));
  /** Valid claims as JSON bytes, with the jti's value replaced by raw bytes. */
  const claimsWithJtiBytes = (bytes: number[]) => {
    const [before, after] = claimsJson({ jti: "@@" }).split("@@") as [string, string];
    return Buffer.concat([Buffer.from(before), Buffer.from(bytes), Buffer.from(after)]);
  };

  it("14: (control) jose's FlattenedSign over valid claims bytes, and valid UTF-8 in a claim, are accepted", async () => {
    expectViewer(await ask(await signBytesWithServerKey(server.config, {}, claimsJson())), sub);
    expectViewer(await ask(await signBytesWithServerKey(server.config, {}, claimsWithJtiBytes([0x63, 0xc3, 0xa9]))), sub); // "cé"
  });

  it("14: rejects a signed claims set that is null, [], a string, a number or a nested JWT", async () => {
    const inner = await signWithServerKey(server.config, validClaims(server.config, sub));
    for (const payload of ["null", "[]", '"a string"', "42", "true", inner, JSON.stringify(inner)]) {
      expectInvalidToken(await ask(await signBytesWithServerKey(server.config, {}, payload)));
    }
    // Declared as nested, too.
    expectInvalidToken(await ask(await signBytesWithServerKey(server.config, { cty: "JWT" }, inner)));
  });

  it("14: rejects a claims set or header that is not valid UTF-8", async () => {
    for (const bytes of [[0xff], [0xc3], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]]) {
      expectInvalidToken(await ask(await signBytesWithServerKey(server.config, {}, claimsWithJtiBytes(bytes))));
    }
    const header = Buffer.concat([Buffer.from(`{"alg":"ES256","kid":"${serverKid(server.config)}","typ":"at+jwt","x":"`), Buffer.from([0xff]), Buffer.from('"}')]);
    expectInvalidToken(await ask(signExactWithServerKey(server.config, header, claimsJson())));
  });

  it("14: rejects an unknown crit header, and malformed crit lists", async () => {
    const unknown = await signBytesWithServerKey(server.config, { crit: ["x-tessera-policy"], "x-tessera-policy": "lax" }, claimsJson(), { "x-tessera-policy": true });
    expectInvalidToken(await ask(unknown));
    for (const crit of [[], "b64", ["b64"], [""], ["exp"]]) {
      const header = JSON.stringify({ alg: "ES256", kid: serverKid(server.config), typ: "at+jwt", crit });
      expectInvalidToken(await ask(signExactWithServerKey(server.config, header, claimsJson())));
    }
  });

  it("14: rejects b64: false, with crit (an unencoded payload) or without it (jose ignores it there; other parsers may not)", async () => {
    // The unencoded payload is the base64url text of valid claims, so the token is byte-for-byte
    // what an ordinary token would be, bar the header: only b64 handling can refuse it.
    const unencoded = b64url(claimsJson());
    const withCrit = await signBytesWithServerKey(server.config, { b64: false, crit: ["b64"] }, unencoded);
    expect(withCrit.split(".")[1]).toBe(unencoded);
    expectInvalidToken(await ask(withCrit));
    // Without crit jose ignores b64 and reads the payload as base64url: the token is otherwise perfect.
    for (const b64 of [false, "false", 0, null, true]) {
      expectInvalidToken(await ask(await signBytesWithServerKey(server.config, { b64 }, claimsJson())));
    }
  });
}
