import { expectInvalidToken, expectViewer } from "./expect-rejected.js";
import { ask, server, sub, tokenWith, useTokenTarget } from "../helpers/token-target.js";

export default function issuerAndAudienceAreEnforced(): void {
  useTokenTarget();

  it("9: (control) aud \"tessera\" from our issuer is accepted", async () => {
    expect(server.config.jwt.audience).toBe("tessera");
    expectViewer(await ask(await tokenWith({})), sub);
  });

  it("9: rejects iss wrong, missing, or only nearly ours", async () => {
    const issuer = server.config.jwt.issuer;
    for (const iss of ["https://attacker.example", undefined, "", `${issuer}/`, issuer.toUpperCase(), [issuer]]) {
      expectInvalidToken(await ask(await tokenWith({ iss: iss as string })));
    }
  });

  it("9: rejects aud wrong, missing, differently cased, or an array without \"tessera\"", async () => {
    for (const aud of ["other-api", undefined, "", "TESSERA", "tessera ", [], ["other-api"], ["other-api", "billing"], ["tessera-admin"]]) {
      expectInvalidToken(await ask(await tokenWith({ aud: aud as string })));
    }
  });

  it("9: accepts aud as an array that contains \"tessera\"", async () => {
    const response = await ask(await tokenWith({ aud: ["other-api", "tessera"] }));
    expectViewer(response, sub);
    expect(response.body.data!.viewer.claims.aud).toEqual(["other-api", "tessera"]);
  });
}
