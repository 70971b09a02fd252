import { createHash, randomBytes } from "node:crypto";
import { decodeJwt } from "jose";
import { RefreshFamilyModel, RefreshTokenModel } from "../../src/sessions/refresh-token.model.js";
import { UserModel } from "../../src/users/user.model.js";
import { expectNothingReturned, graphql, type GraphQLResponse, REFRESH, signIn, signUp, VIEWER } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

export default function refresh(): void {
  const SIGN_OUT = /* GraphQL */ `
    mutation SignOut($refreshToken: String!, $everywhere: Boolean) {
      signOut(refreshToken: $refreshToken, everywhere: $everywhere)
    }
  `;

  const REFRESH_REJECTED = { code: "UNAUTHENTICATED", reason: "REFRESH_TOKEN_INVALID" };

  interface Rotated {
    accessToken: string;
    refreshToken: string;
    refreshExpiresAt: string;
    user: { id: string };
  }

  let server: TestServer;

  function refresh(refreshToken: string): Promise<GraphQLResponse> {
    return graphql(server.url, REFRESH, { refreshToken });
  }

  async function rotate(refreshToken: string): Promise<Rotated> {
    const response = await refresh(refreshToken);
    if (!response.body.data?.refreshToken) throw new Error(`refresh failed: ${JSON.stringify(response.body)}`);
    return response.body.data.refreshToken as Rotated;
  }

  function signOut(refreshToken: string, everywhere?: boolean): Promise<GraphQLResponse> {
    return graphql(server.url, SIGN_OUT, everywhere === undefined ? { refreshToken } : { refreshToken, everywhere });
  }

  /** The stored record of a refresh token: only its SHA-256 is kept. */
  async function storedToken(token: string) {
    const stored = await RefreshTokenModel.findById(createHash("sha256").update(token).digest("hex")).lean();
    if (!stored) throw new Error("refresh token not stored");
    return stored;
  }

  describe("with the default refresh lifetime", () => {
    beforeAll(async () => {
      server = await startTestServer();
    });
    afterAll(() => server.stop());

    describe("rotation", () => {
      it("returns a refresh token different from the one presented", async () => {
        const session = await signUp(server.url);
        const next = await rotate(session.refreshToken);
        expect(next.refreshToken).toMatch(/^rt_/);
        expect(next.refreshToken).not.toBe(session.refreshToken);
      });

      it("returns a new access token the API accepts", async () => {
        const session = await signUp(server.url);
        const next = await rotate(session.refreshToken);
        expect(next.accessToken).not.toBe(session.accessToken);
        const viewer = await graphql(server.url, VIEWER, {}, { token: next.accessToken });
        expect(viewer.status).toBe(200);
        expect(viewer.body.data!.viewer.id).toBe(session.user.id);
      });

      it("leaves the previous access token valid until it expires", async () => {
        const session = await signUp(server.url);
        await rotate(session.refreshToken);
        const viewer = await graphql(server.url, VIEWER, {}, { token: session.accessToken });
        expect(viewer.status).toBe(200);
        expect(viewer.body.data!.viewer.id).toBe(session.user.id);
      });

      it("keeps refreshExpiresAt unchanged across rotations (absolute expiry)", async () => {
        const session = await signUp(server.url);
        await new Promise((resolve) => setTimeout(resolve, 1_100));
        const second = await rotate(session.refreshToken);
        await new Promise((resolve) => setTimeout(resolve, 1_100));
        const third = await rotate(second.refreshToken);
        expect(second.refreshExpiresAt).toBe(session.refreshExpiresAt);
        expect(third.refreshExpiresAt).toBe(session.refreshExpiresAt);
      });
    });

    describe("signOut", () => {
      it("returns true for a live refresh token", async () => {
        const session = await signUp(server.url);
        const response = await signOut(session.refreshToken);
        expect(response.body).toEqual({ data: { signOut: true } });
      });

      it("makes the signed-out refresh token fail at refresh", async () => {
        const session = await signUp(server.url);
        await signOut(session.refreshToken);
        const response = await refresh(session.refreshToken);
        expect(response.body.errors![0]!.extensions).toEqual(REFRESH_REJECTED);
      });

      it("revokes the whole family: a signOut with a later token of the chain kills it for the chain", async () => {
        const session = await signUp(server.url);
        const second = await rotate(session.refreshToken);
        const third = await rotate(second.refreshToken);
        await signOut(third.refreshToken);
        const family = await RefreshFamilyModel.findById((await storedToken(third.refreshToken)).familyId).lean();
        expect(family?.revokedAt).toBeInstanceOf(Date);
        expect((await refresh(third.refreshToken)).body.errors![0]!.extensions).toEqual(REFRESH_REJECTED);
      });

      it("returns false when the same token is signed out a second time", async () => {
        const session = await signUp(server.url);
        await signOut(session.refreshToken);
        const response = await signOut(session.refreshToken);
        expect(response.body).toEqual({ data: { signOut: false } });
      });

      it("leaves the user's other sessions alive without everywhere", async () => {
        const account = await signUp(server.url);
        const other = await signIn(server.url, account.email, account.password);
        await signOut(account.refreshToken);
        expect((await refresh(other.refreshToken)).body.errors).toBeUndefined();
      });

      it("with everywhere, revokes every family of the user", async () => {
        const account = await signUp(server.url);
        const laptop = await signIn(server.url, account.email, account.password);
        const phone = await signIn(server.url, account.email, account.password);
        const response = await signOut(account.refreshToken, true);
        expect(response.body).toEqual({ data: { signOut: true } });
        for (const token of [laptop.refreshToken, phone.refreshToken]) {
          expect((await refresh(token)).body.errors![0]!.extensions).toEqual(REFRESH_REJECTED);
        }
      });

      it("with everywhere, leaves another user's sessions alive", async () => {
        const account = await signUp(server.url);
        const bystander = await signUp(server.url);
        await signOut(account.refreshToken, true);
        expect((await refresh(bystander.refreshToken)).body.errors).toBeUndefined();
      });
    });

    describe("concurrent refresh of one token", () => {
      it("lets exactly one of 10 simultaneous refreshes succeed; the others get REFRESH_TOKEN_INVALID", async () => {
        const session = await signUp(server.url);
        const responses = await Promise.all(Array.from({ length: 10 }, () => refresh(session.refreshToken)));
        const succeeded = responses.filter((r) => r.body.data?.refreshToken);
        const failed = responses.filter((r) => !r.body.data?.refreshToken);
        expect(succeeded).toHaveLength(1);
        expect(failed.map((r) => r.body.errors![0]!.extensions)).toEqual(Array(9).fill(REFRESH_REJECTED));
      });

      it("stores exactly one successor for the raced token", async () => {
        const session = await signUp(server.url);
        await Promise.all(Array.from({ length: 10 }, () => refresh(session.refreshToken)));
        const parentHash = createHash("sha256").update(session.refreshToken).digest("hex");
        expect(await RefreshTokenModel.countDocuments({ parentHash })).toBe(1);
      });

      it("treats the losers as reuse: the winner's new refresh token is revoked with the family", async () => {
        const session = await signUp(server.url);
        const responses = await Promise.all(Array.from({ length: 10 }, () => refresh(session.refreshToken)));
        const winner = responses.find((r) => r.body.data?.refreshToken)!.body.data!.refreshToken as Rotated;
        expect((await refresh(winner.refreshToken)).body.errors![0]!.extensions).toEqual(REFRESH_REJECTED);
      });
    });

    describe("the user record is read again at every refresh", () => {
      it("puts a role changed in the database into the next access token", async () => {
        const session = await signUp(server.url);
        await UserModel.updateOne({ _id: session.user.id }, { $set: { roles: ["EDITOR"] } });
        const next = await rotate(session.refreshToken);
        expect(decodeJwt(next.accessToken).roles).toEqual(["EDITOR"]);
        const viewer = await graphql(server.url, VIEWER, {}, { token: next.accessToken });
        expect(viewer.body.data!.viewer.roles).toEqual(["EDITOR"]);
      });

      it("refuses the next refresh once the user is disabled", async () => {
        const session = await signUp(server.url);
        await UserModel.updateOne({ _id: session.user.id }, { $set: { disabled: true } });
        expect((await refresh(session.refreshToken)).body.errors![0]!.extensions).toEqual(REFRESH_REJECTED);
      });

      it("does not bring a disabled user's refresh token back when the user is enabled again", async () => {
        const session = await signUp(server.url);
        await UserModel.updateOne({ _id: session.user.id }, { $set: { disabled: true } });
        await refresh(session.refreshToken);
        await UserModel.updateOne({ _id: session.user.id }, { $set: { disabled: false } });
        expect((await refresh(session.refreshToken)).body.errors![0]!.extensions).toEqual(REFRESH_REJECTED);
      });
    });

    describe("malformed refresh tokens", () => {
      const wellFormedUnknown = () => "rt_" + randomBytes(32).toString("base64url");
      const inputs: Array<[string, () => string]> = [
        ["an empty string", () => ""],
        ["garbage", () => "garbage"],
        ["a well-formed but unknown token", wellFormedUnknown],
        ["10 KB of text", () => "rt_" + "A".repeat(10_240)],
      ];

      it.each(inputs)("rejects %s with REFRESH_TOKEN_INVALID", async (_case, token) => {
        const response = await refresh(token());
        expectNothingReturned(response.body.data);
        expect(response.body.errors![0]!.extensions).toEqual(REFRESH_REJECTED);
      });

      it("answers garbage, empty, unknown and revoked tokens with an identical status and error", async () => {
        const session = await signUp(server.url);
        await signOut(session.refreshToken);
        const responses = await Promise.all(["", "garbage", wellFormedUnknown(), session.refreshToken].map(refresh));
        const shapes = responses.map((r) => ({ status: r.status, data: r.body.data, errors: r.body.errors!.map(({ message, extensions }) => ({ message, extensions })) }));
        for (const shape of shapes) expect(shape).toEqual(shapes[0]);
        expect(shapes[0]!.errors[0]!.extensions).toEqual(REFRESH_REJECTED);
      });
    });
  });

  describe("with a 60-second refresh lifetime", () => {
    beforeAll(async () => {
      server = await startTestServer({ JWT_REFRESH_TTL_SECONDS: "60" });
    });
    afterAll(() => server.stop());

    it("sets refreshExpiresAt 60 seconds after sign-in", async () => {
      const before = Date.now();
      const session = await signUp(server.url);
      const expiresAt = Date.parse(session.refreshExpiresAt);
      expect(expiresAt).toBeGreaterThanOrEqual(before + 59_000);
      expect(expiresAt).toBeLessThanOrEqual(Date.now() + 60_000);
    });

    it("rejects a refresh past the family's absolute expiry", async () => {
      const session = await signUp(server.url);
      const next = await rotate(session.refreshToken);
      const { familyId } = await storedToken(next.refreshToken);
      // What 61 seconds of waiting would do: the family's and its tokens' expiry are now in the past.
      const past = new Date(Date.now() - 1_000);
      await RefreshFamilyModel.updateOne({ _id: familyId }, { $set: { expiresAt: past } });
      await RefreshTokenModel.updateMany({ familyId }, { $set: { expiresAt: past } });
      expect((await refresh(next.refreshToken)).body.errors![0]!.extensions).toEqual(REFRESH_REJECTED);
    });
  });
}
