import { createHash } from "node:crypto";
import { RefreshFamilyModel, RefreshTokenModel } from "../../src/sessions/refresh-token.model.js";
import { graphql, REFRESH, signUp, type GraphQLResponse } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

// Catalogue 22: refresh A → B, then present A again → rejected and B revoked too (family revoked);
// a refresh past its absolute expiry → rejected.
export default function refreshTokenReuseRevokesTheFamily(): void {
  const REFRESH_REJECTED = { code: "UNAUTHENTICATED", reason: "REFRESH_TOKEN_INVALID" };

  let server: TestServer;
  beforeAll(async () => {
    // Short families, so "past the absolute expiry" is 61 seconds away (simulated in the database).
    server = await startTestServer({ JWT_REFRESH_TTL_SECONDS: "60" });
  });
  afterAll(() => server.stop());

  function refresh(refreshToken: string): Promise<GraphQLResponse> {
    return graphql(server.url, REFRESH, { refreshToken });
  }

  async function rotate(refreshToken: string): Promise<string> {
    const response = await refresh(refreshToken);
    if (!response.body.data?.refreshToken) throw new Error(`refresh failed: ${JSON.stringify(response.body)}`);
    return response.body.data.refreshToken.refreshToken as string;
  }

  async function familyIdOf(token: string): Promise<string> {
    const stored = await RefreshTokenModel.findById(createHash("sha256").update(token).digest("hex")).lean();
    return stored!.familyId;
  }

  it("22: rejects A when it is presented again after A was exchanged for B", async () => {
    const { refreshToken: a } = await signUp(server.url);
    await rotate(a);
    expect((await refresh(a)).body.errors![0]!.extensions).toEqual(REFRESH_REJECTED);
  });

  it("22: revokes B as well once A is reused", async () => {
    const { refreshToken: a } = await signUp(server.url);
    const b = await rotate(a);
    await refresh(a);
    expect((await refresh(b)).body.errors![0]!.extensions).toEqual(REFRESH_REJECTED);
  });

  it("22: revokes the tokens further down the chain too (A → B → C, reuse of A kills C)", async () => {
    const { refreshToken: a } = await signUp(server.url);
    const c = await rotate(await rotate(a));
    await refresh(a);
    expect((await refresh(c)).body.errors![0]!.extensions).toEqual(REFRESH_REJECTED);
  });

  it("22: records the revocation on the family in the database", async () => {
    const { refreshToken: a } = await signUp(server.url);
    await rotate(a);
    await refresh(a);
    const family = await RefreshFamilyModel.findById(await familyIdOf(a)).lean();
    expect(family!.revokedAt).toBeInstanceOf(Date);
  });

  it("22: does not revoke the same user's other families when one is reused", async () => {
    const account = await signUp(server.url);
    const other = await graphql(server.url, /* GraphQL */ `mutation ($e: String!, $p: String!) { signIn(email: $e, password: $p) { refreshToken } }`, { e: account.email, p: account.password });
    await rotate(account.refreshToken);
    await refresh(account.refreshToken);
    expect((await refresh(other.body.data!.signIn.refreshToken)).body.errors).toBeUndefined();
  });

  it("22: rejects a refresh past the family's absolute expiry", async () => {
    const { refreshToken: a } = await signUp(server.url);
    const b = await rotate(a);
    const familyId = await familyIdOf(b);
    // What waiting out the 60 seconds would do: the family and its tokens are now past their expiry.
    const past = new Date(Date.now() - 1_000);
    await RefreshFamilyModel.updateOne({ _id: familyId }, { $set: { expiresAt: past } });
    await RefreshTokenModel.updateMany({ familyId }, { $set: { expiresAt: past } });
    expect((await refresh(b)).body.errors![0]!.extensions).toEqual(REFRESH_REJECTED);
  });

  it("22: rejects a refresh past the family's absolute expiry even if the token's own expiry were later", async () => {
    const { refreshToken: a } = await signUp(server.url);
    const familyId = await familyIdOf(a);
    await RefreshFamilyModel.updateOne({ _id: familyId }, { $set: { expiresAt: new Date(Date.now() - 1_000) } });
    expect((await refresh(a)).body.errors![0]!.extensions).toEqual(REFRESH_REJECTED);
  });
}
