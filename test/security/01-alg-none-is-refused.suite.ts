import { randomBytes } from "node:crypto";
import { signWithServerKey, validClaims } from "../helpers/tokens.js";
import { expectInvalidToken, expectViewer } from "./expect-rejected.js";
import { b64url, segment, serverKid } from "./forge.js";
import { ask, server, sub, useTokenTarget } from "../helpers/token-target.js";

export default function algNoneIsRefused(): void {
  useTokenTarget();

  it("1: (control) the same claims signed with the server key are accepted", async () => {
    expectViewer(await ask(await signWithServerKey(server.config, validClaims(server.config, sub))), sub);
  });

  it("1: rejects alg none in any case, with or without a signature", async () => {
    const claims = segment(validClaims(server.config, sub, { roles: ["ADMIN"] }));
    const realSignature = (await signWithServerKey(server.config, validClaims(server.config, sub))).split(".")[2]!;
    const signatures = ["", realSignature, b64url(randomBytes(64)), "AA"];
    for (const alg of ["none", "None", "nOnE", "NONE"]) {
      for (const kid of [undefined, serverKid(server.config)]) {
        const header = segment({ alg, typ: "at+jwt", ...(kid ? { kid } : {}) });
        for (const signature of signatures) {
          expectInvalidToken(await ask(`${header}.${claims}.${signature}`));
        }
      }
    }
  });
}
