import { expectInvalidToken, expectViewer } from "./expect-rejected.js";
import { ask, server, sub, tokenWith, useTokenTarget } from "../helpers/token-target.js";

export default function lifetimeClaimsAreEnforced(): void {
  useTokenTarget();

  const now = () => Math.floor(Date.now() / 1000);

  it("8: (control) the tolerance is 5 s, and nbf and iat 3 s ahead, or exp 2 s ahead, are accepted", async () => {
    expect(server.config.jwt.clockToleranceSeconds).toBe(5);
    expectViewer(await ask(await tokenWith({ nbf: now() + 3 })), sub);
    expectViewer(await ask(await tokenWith({ iat: now() + 3 })), sub);
    expectViewer(await ask(await tokenWith({ exp: now() + 2 })), sub);
  });

  it("8: rejects exp in the past as TOKEN_EXPIRED, even within the clock tolerance", async () => {
    expectInvalidToken(await ask(await tokenWith({ exp: now() - 60 })), "TOKEN_EXPIRED");
    expectInvalidToken(await ask(await tokenWith({ exp: now() - 3 })), "TOKEN_EXPIRED");
  });

  it("8: rejects exp equal to now as TOKEN_EXPIRED", async () => {
    expectInvalidToken(await ask(await tokenWith({ exp: now() })), "TOKEN_EXPIRED");
  });

  it("8: rejects a token without exp as TOKEN_INVALID", async () => {
    expectInvalidToken(await ask(await tokenWith({ exp: undefined })));
  });

  it("8: rejects nbf 120 s in the future and iat 120 s in the future as TOKEN_INVALID", async () => {
    expectInvalidToken(await ask(await tokenWith({ nbf: now() + 120 })));
    expectInvalidToken(await ask(await tokenWith({ iat: now() + 120 })));
  });

  it("8: rejects an iat older than the access-token lifetime, though exp is still ahead, as TOKEN_EXPIRED", async () => {
    // The server never issues exp - iat beyond its TTL (900 s), so such a token is too old to honour. It is
    // TOKEN_EXPIRED rather than TOKEN_INVALID because a shortened TTL produces exactly this for honest tokens,
    // and refreshing is then the right move for the client.
    expectInvalidToken(await ask(await tokenWith({ iat: now() - 3600, exp: now() + 60 })), "TOKEN_EXPIRED");
  });
}
