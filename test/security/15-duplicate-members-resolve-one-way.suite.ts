import { randomUUID } from "node:crypto";
import { graphql, signIn, VIEWER } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { validClaims } from "../helpers/tokens.js";
import { expectInvalidToken, expectViewer } from "./expect-rejected.js";
import { attackerKey, serverKid, signExactWithAttackerKey, signExactWithServerKey } from "./forge.js";

export default function duplicateMembersResolveOneWay(): void {
  /*
   * The one way Tessera handles duplicate member names: the lexically last
   * member wins, exactly as JSON.parse decides (RFC 7515 §4 allows this or
   * rejection), in the header and in the claims alike, and only for a token
   * whose signature already verified. These tests pin that: for each pair of
   * orders the outcome follows the last member, and what viewer reports is
   * what JSON.parse of the signed bytes yields.
   */

  let server: TestServer;
  let sub: string;
  /** Another real account's id, since sub must be one of ours. */
  let otherSub: string;
  beforeAll(async () => {
    server = await startTestServer();
    sub = (await signIn(server.url, "user@tessera.dev", "tessera-demo")).user.id;
    otherSub = (await signIn(server.url, "editor@tessera.dev", "tessera-demo")).user.id;
  });
  afterAll(() => server.stop());

  const ask = (token: string) => graphql(server.url, VIEWER, {}, { token });
  /** Valid claims as JSON text, with extra raw members spliced in before the closing brace. */
  const claimsText = (extra: string, overrides: Record<string, unknown> = {}) =>
    JSON.stringify(validClaims(server.config, sub, overrides)).replace(/}$/, `,${extra}}`);
  const headerText = (members: string) => `{${members}}`;
  const kid = () => JSON.stringify(serverKid(server.config));

  it("15: duplicate roles in the signed claims: the last wins, as JSON.parse reads it, in both orders", async () => {
    const header = headerText(`"alg":"ES256","kid":${kid()},"typ":"at+jwt"`);
    for (const [extra, expected] of [
      ['"roles":["USER"],"roles":["ADMIN"]', ["ADMIN"]],
      ['"roles":["ADMIN"],"roles":["USER"]', ["USER"]],
    ] as const) {
      const text = claimsText(extra, { roles: undefined });
      expect((JSON.parse(text) as { roles: string[] }).roles).toEqual(expected);
      const response = await ask(signExactWithServerKey(server.config, header, text));
      expectViewer(response, sub);
      expect(response.body.data!.viewer.roles).toEqual(expected);
      expect(response.body.data!.viewer.claims.roles).toEqual(expected);
    }
  });

  it("15: duplicate sub in the signed claims: the last wins", async () => {
    const header = headerText(`"alg":"ES256","kid":${kid()},"typ":"at+jwt"`);
    const text = claimsText(`"sub":${JSON.stringify(otherSub)},"sub":${JSON.stringify(sub)}`, { sub: undefined });
    expectViewer(await ask(signExactWithServerKey(server.config, header, text)), sub);
    const reversed = claimsText(`"sub":${JSON.stringify(sub)},"sub":${JSON.stringify(otherSub)}`, { sub: undefined });
    expectViewer(await ask(signExactWithServerKey(server.config, header, reversed)), otherSub);
  });

  it("15: duplicate alg, kid or typ in the signed header: the last wins, so a hostile last value is refused", async () => {
    const claims = claimsText('"x":1');
    const cases: Array<[string, boolean]> = [
      [`"alg":"none","alg":"ES256","kid":${kid()},"typ":"at+jwt"`, true],
      [`"alg":"ES256","alg":"none","kid":${kid()},"typ":"at+jwt"`, false],
      [`"alg":"ES256","kid":"unknown","kid":${kid()},"typ":"at+jwt"`, true],
      [`"alg":"ES256","kid":${kid()},"kid":"unknown","typ":"at+jwt"`, false],
      [`"alg":"ES256","kid":${kid()},"typ":"JWT","typ":"at+jwt"`, true],
      [`"alg":"ES256","kid":${kid()},"typ":"at+jwt","typ":"JWT"`, false],
    ];
    for (const [members, accepted] of cases) {
      const response = await ask(signExactWithServerKey(server.config, headerText(members), claims));
      if (accepted) expectViewer(response, sub);
      else expectInvalidToken(response);
    }
  });

  it("15: claims that were decoded but not verified are never read: not answered, not logged", async () => {
    const attacker = await attackerKey("ES256");
    const forgedSub = `forged-${randomUUID()}`;
    const header = headerText(`"alg":"ES256","kid":${kid()},"typ":"at+jwt"`);
    const payload = claimsText('"roles":["USER"],"roles":["ADMIN"]', { sub: forgedSub, roles: undefined });
    const logsBefore = server.logs.length;
    expectInvalidToken(await ask(signExactWithAttackerKey(attacker, header, payload)));
    expect(server.logs.slice(logsBefore).join("")).not.toContain(forgedSub);
  });
}
