import { signWithServerKey, validClaims } from "../helpers/tokens.js";
import { expectInvalidToken, expectViewer } from "./expect-rejected.js";
import { ask, server, sub, useTokenTarget } from "../helpers/token-target.js";

export default function onlyAtJwtTypIsAccepted(): void {
  useTokenTarget();

  const tokenWithTyp = (typ: unknown) => signWithServerKey(server.config, validClaims(server.config, sub), { typ: typ as string });

  it("10: rejects typ JWT, rt+jwt, empty, missing, or anything else", async () => {
    for (const typ of ["JWT", "jwt", "application/jwt", "rt+jwt", "application/rt+jwt", "", undefined, "at+jwt ", "at+jwt; charset=utf-8", "text/at+jwt", 1, ["at+jwt"]]) {
      expectInvalidToken(await ask(await tokenWithTyp(typ)));
    }
  });

  it("10: accepts typ at+jwt and application/at+jwt in any case", async () => {
    for (const typ of ["at+jwt", "application/at+jwt", "AT+JWT", "Application/At+Jwt"]) {
      expectViewer(await ask(await tokenWithTyp(typ)), sub);
    }
  });
}
