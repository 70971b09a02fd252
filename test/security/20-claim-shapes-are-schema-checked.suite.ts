import { validClaims } from "../helpers/tokens.js";
import { expectInvalidToken, expectViewer } from "./expect-rejected.js";
import { serverKid, signExactWithServerKey } from "./forge.js";
import { ask, server, sub, tokenWith, useTokenTarget } from "../helpers/token-target.js";

export default function claimShapesAreSchemaChecked(): void {
  useTokenTarget();

  it("20: (control) well-shaped claims, ADMIN included, are accepted", async () => {
    const response = await ask(await tokenWith({ roles: ["ADMIN"] }));
    expectViewer(response, sub);
    expect(response.body.data!.viewer.roles).toEqual(["ADMIN"]);
  });

  it("20: rejects correctly signed tokens whose roles is a string, scope an array, or sub an object", async () => {
    expectInvalidToken(await ask(await tokenWith({ roles: "ADMIN" })));
    expectInvalidToken(await ask(await tokenWith({ scope: ["profile", "users:admin"] })));
    expectInvalidToken(await ask(await tokenWith({ sub: { $ne: null } })));
    expectInvalidToken(await ask(await tokenWith({ sub: { id: sub } })));
  });

  it("20: rejects roles outside the enum, SUPERUSER alone or beside ADMIN", async () => {
    for (const roles of [["SUPERUSER"], ["ADMIN", "SUPERUSER"], ["admin"], [null], [["ADMIN"]], { 0: "ADMIN" }, null]) {
      expectInvalidToken(await ask(await tokenWith({ roles })));
    }
  });

  it("20: rejects other ill-shaped claims: empty or long sub, missing client_id, unknown plan, a non-integer or infinite exp", async () => {
    for (const overrides of [{ sub: "" }, { sub: "x".repeat(129) }, { client_id: undefined }, { jti: "" }, { plan: "enterprise" }, { plan: undefined }, { exp: Math.floor(Date.now() / 1000) + 60.5 }]) {
      expectInvalidToken(await ask(await tokenWith(overrides)));
    }
    // 1e999 is how JSON spells Infinity: a token that would never expire.
    const claims = JSON.stringify(validClaims(server.config, sub, { exp: 424242 })).replace("424242", "1e999");
    expectInvalidToken(await ask(signExactWithServerKey(server.config, JSON.stringify({ alg: "ES256", kid: serverKid(server.config), typ: "at+jwt" }), claims)));
  });
}
