import { loadKeySet, staticKeyRing } from "../../src/tokens/keys.js";
import { withVerifiedTokenCache } from "../../src/tokens/verified-token-cache.js";
import { viewerFromClaims } from "../../src/tokens/claims.js";
import { createAccessTokenVerifier, localKeys } from "../../src/tokens/verify-access-token.js";
import type { TokenVerifier } from "../../src/tokens/verify-token.js";
import { graphql, signIn } from "../helpers/graphql.js";
import { expectInvalidToken, expectViewer } from "../security/expect-rejected.js";
import { ask, server, sub, tokenWith, useTokenTarget } from "../helpers/token-target.js";

export default function verifiedTokenCache(): void {
  useTokenTarget();

  const now = () => Math.floor(Date.now() / 1000);
  const sleepUntil = (epochSeconds: number) => new Promise((resolve) => setTimeout(resolve, epochSeconds * 1000 - Date.now() + 20));

  /** The server's real verifier over its real keys, with a count of the full verifications it performs. */
  async function countedVerifier(isKeyTrusted: (kid: string) => boolean = () => true) {
    const keys = staticKeyRing(await loadKeySet(server.config));
    const full = createAccessTokenVerifier({ ...server.config.jwt, getKey: localKeys(keys), algorithm: server.config.jwt.algorithm });
    const counted = { calls: 0 };
    const verify: TokenVerifier = async (token) => {
      counted.calls++;
      return viewerFromClaims(await full(token));
    };
    const cached = withVerifiedTokenCache(verify, {
      maxEntries: 100,
      maxTokenLifetimeSeconds: () => server.config.jwt.maxTokenLifetimeSeconds,
      isKeyTrusted: (_issuer, kid) => isKeyTrusted(kid),
    });
    return { cached, counted };
  }

  it("verifies a token in full once, then answers repeats from the cache with frozen claims", async () => {
    const { cached, counted } = await countedVerifier();
    const token = await tokenWith();
    const first = await cached(token);
    const again = await cached(token);
    expect(again).toBe(first);
    expect(counted.calls).toBe(1);
    expect(Object.isFrozen(again) && Object.isFrozen(again.roles)).toBe(true);
  });

  it("verifies a token that differs in one byte in full, and refuses it", async () => {
    const { cached, counted } = await countedVerifier();
    const token = await tokenWith();
    await cached(token);
    // The signature's first character: its last one may carry only padding bits, which decode the same.
    const at = token.lastIndexOf(".") + 1;
    const tampered = token.slice(0, at) + (token[at] === "A" ? "B" : "A") + token.slice(at + 1);
    await expect(cached(tampered)).rejects.toMatchObject({ reason: "TOKEN_INVALID" });
    expect(counted.calls).toBe(2);
  });

  it("stops answering from the cache when the token's key is withdrawn", async () => {
    let trusted = true;
    const { cached, counted } = await countedVerifier(() => trusted);
    const token = await tokenWith();
    await cached(token);
    trusted = false;
    await cached(token); // still signed by a key the ring holds, so the full check passes
    expect(counted.calls).toBe(2);
  });

  it("never serves a token past its exp: the request after exp is refused with TOKEN_EXPIRED", async () => {
    const exp = now() + 2;
    const token = await tokenWith({ exp });
    expectViewer(await ask(token), sub);
    expectViewer(await ask(token), sub);
    await sleepUntil(exp);
    expectInvalidToken(await ask(token), "TOKEN_EXPIRED");
  });

  it("refuses a cached token once its user's sessions are revoked", async () => {
    const session = await signIn(server.url, "user@tessera.dev", "tessera-demo");
    expectViewer(await ask(session.accessToken), sub);
    const signOut = await graphql(
      server.url,
      `mutation ($refreshToken: String!) { signOut(refreshToken: $refreshToken, everywhere: true) }`,
      { refreshToken: session.refreshToken },
    );
    expect(signOut.body.data).toEqual({ signOut: true });
    expectInvalidToken(await ask(session.accessToken), "TOKEN_REVOKED");
  });
}
