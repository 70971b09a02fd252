import { signWithServerKey, validClaims } from "../helpers/tokens.js";
import { expectInvalidRequest, expectInvalidToken, expectViewer, logEntries } from "./expect-rejected.js";
import { rawRequest } from "./forge.js";
import { ask, server, sub, useTokenTarget } from "../helpers/token-target.js";

export default function oversizedAuthorizationHeaders(): void {
  const KiB = 1024;

  useTokenTarget();

  /** A valid, server-signed token padded with an unknown claim so that `Bearer <token>` is about `bytes` long. */
  const paddedToken = (bytes: number) =>
    signWithServerKey(server.config, validClaims(server.config, sub, { pad: "x".repeat(Math.floor((bytes - 700) * 0.75)) }));
  const rejectionsLogged = (since: number) => logEntries(server.logs.slice(since)).filter((e) => e.msg === "access token rejected").length;

  it("16: (control) a valid token 7 KiB long is accepted", async () => {
    const token = await paddedToken(7 * KiB);
    expect(Buffer.byteLength(`Bearer ${token}`)).toBeGreaterThan(6.5 * KiB);
    expect(Buffer.byteLength(`Bearer ${token}`)).toBeLessThanOrEqual(8 * KiB);
    expectViewer(await ask(token), sub);
  });

  it("16: the cap is 8 KiB exactly: a header of 8192 bytes reaches verification (401), 8193 bytes does not (400)", async () => {
    const junk = (headerBytes: number) => `a.b.${"c".repeat(headerBytes - "Bearer a.b.".length)}`;
    expect(Buffer.byteLength(`Bearer ${junk(8 * KiB)}`)).toBe(8 * KiB);
    expectInvalidToken(await ask(junk(8 * KiB)));
    expectInvalidRequest(await ask(junk(8 * KiB + 1)), "AUTHORIZATION_HEADER_TOO_LARGE");
  });

  it("16: a 9 KiB Authorization header is refused with 400 invalid_request before any verification, even a valid token", async () => {
    const valid = await paddedToken(9 * KiB);
    expect(Buffer.byteLength(`Bearer ${valid}`)).toBeGreaterThan(8 * KiB);
    const forged = valid.replace(/\.[^.]+$/, `.${"A".repeat(86)}`);
    const since = server.logs.length;
    expectInvalidRequest(await ask(valid), "AUTHORIZATION_HEADER_TOO_LARGE");
    expectInvalidRequest(await ask(forged), "AUTHORIZATION_HEADER_TOO_LARGE");
    // A verification that ran and failed is logged as a rejected token: none was.
    expect(rejectionsLogged(since)).toBe(0);
  });

  it("16: over Node's header limit (20 KiB) the request is answered 431 by the HTTP layer", async () => {
    const response = await rawRequest(server.url, [["authorization", `Bearer ${"a".repeat(20 * KiB)}`]]);
    expect(response.status).toBe(431);
    expect(response.headers.get("www-authenticate")).toBeNull();
  });
}
