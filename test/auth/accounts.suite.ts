import { decodeJwt } from "jose";
import { UserModel } from "../../src/users/user.model.js";
import { expectNothingReturned, graphql, REFRESH, SIGN_IN, SIGN_UP, signIn, signUp, VIEWER } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

export default function accounts(): void {
  const CHANGE_PASSWORD = /* GraphQL */ `
    mutation ChangePassword($currentPassword: String!, $newPassword: String!) {
      changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {
        accessToken refreshToken user { id email }
      }
    }
  `;

  /** Only what most tests need; the full payload contract has a test of its own. */
  const SIGN_UP_ID = /* GraphQL */ `mutation ($input: SignUpInput!) { signUp(input: $input) { accessToken refreshToken user { id } } }`;

  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  let counter = 0;
  function uniqueEmail(): string {
    return `acct${Date.now()}${counter++}@example.com`;
  }

  function signUpWith(input: { email: string; password: string; displayName: string }) {
    return graphql(server.url, SIGN_UP_ID, { input });
  }

  function refresh(refreshToken: string) {
    return graphql(server.url, REFRESH, { refreshToken });
  }

  describe("signUp", () => {
    it("creates an account with exactly the USER role", async () => {
      const email = uniqueEmail();
      const response = await signUpWith({ email, password: "correct horse battery", displayName: "New Person" });
      expect(response.body.errors).toBeUndefined();
      const stored = await UserModel.findOne({ email }).lean();
      expect(stored!._id.toString()).toBe(response.body.data!.signUp.user.id);
      expect(stored!.roles).toEqual(["USER"]);
    });

    it("returns the new user in the payload: id, email, displayName and roles", async () => {
      const email = uniqueEmail();
      const response = await graphql(server.url, SIGN_UP, { input: { email, password: "correct horse battery", displayName: "New Person" } });
      expect(response.body.errors).toBeUndefined();
      expect(response.body.data!.signUp.user).toEqual({ id: expect.any(String), email, displayName: "New Person", roles: ["USER"] });
    });

    it("returns an access token that the API accepts for the new account", async () => {
      const session = await signUp(server.url);
      expect(decodeJwt(session.accessToken).roles).toEqual(["USER"]);
      const viewer = await graphql(server.url, VIEWER, {}, { token: session.accessToken });
      expect(viewer.status).toBe(200);
      expect(viewer.body.data!.viewer).toMatchObject({ id: session.user.id, roles: ["USER"] });
    });

    it("returns a refresh token that can be exchanged", async () => {
      const session = await signUp(server.url);
      const response = await refresh(session.refreshToken);
      expect(response.body.errors).toBeUndefined();
      expect(response.body.data!.refreshToken.user.id).toBe(session.user.id);
    });

    it("stores the email trimmed and lower-cased", async () => {
      const email = uniqueEmail();
      const response = await signUpWith({ email: `  ${email.toUpperCase()}  `, password: "correct horse battery", displayName: "Casey" });
      const stored = await UserModel.findOne({ email }).lean();
      expect(stored?._id.toString()).toBe(response.body.data!.signUp.user.id);
    });

    it("refuses a second account whose email differs only in case and whitespace, with EMAIL_TAKEN", async () => {
      const email = uniqueEmail();
      await signUpWith({ email, password: "correct horse battery", displayName: "First" });
      const second = await signUpWith({ email: ` ${email.toUpperCase()}`, password: "another good password", displayName: "Second" });
      expectNothingReturned(second.body.data);
      expect(second.body.errors![0]!.extensions!.code).toBe("EMAIL_TAKEN");
      expect(await UserModel.countDocuments({ email })).toBe(1);
    });

    const invalidInputs: Array<[string, { email: string; password: string; displayName: string }]> = [
      ["a malformed email", { email: "not-an-email", password: "Pw-malformed-email-9f3k", displayName: "Bad Email" }],
      ["an empty displayName", { email: "", password: "Pw-empty-name-4h2j", displayName: "" }],
      ["a blank displayName", { email: "", password: "Pw-blank-name-7q1z", displayName: "   " }],
      ["a 7-character password", { email: "", password: "Sh0rt!x", displayName: "Short Password" }],
      ["a 129-character password", { email: "", password: "L0ng-" + "p".repeat(124), displayName: "Long Password" }],
    ];
    const withEmail = (input: { email: string; password: string; displayName: string }) => ({
      ...input,
      email: input.email || uniqueEmail(),
    });

    it.each(invalidInputs)("rejects %s with BAD_USER_INPUT", async (_case, input) => {
      const response = await signUpWith(withEmail(input));
      expect(response.status).toBe(200);
      expectNothingReturned(response.body.data);
      expect(response.body.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    });

    it.each(invalidInputs)("never echoes the password when rejecting %s", async (_case, input) => {
      const response = await signUpWith(withEmail(input));
      expect(response.body.errors).toBeDefined();
      expect(JSON.stringify(response.body)).not.toContain(input.password);
    });

    it.each(invalidInputs)("creates no account when rejecting %s", async (_case, input) => {
      const complete = withEmail(input);
      await signUpWith(complete);
      expect(await UserModel.countDocuments({ email: complete.email.trim().toLowerCase() })).toBe(0);
    });

    it("accepts a password of exactly 8 characters", async () => {
      const response = await signUpWith({ email: uniqueEmail(), password: "Eight!8x", displayName: "Boundary" });
      expect(response.body.errors).toBeUndefined();
    });

    it("accepts a password of exactly 128 characters", async () => {
      const response = await signUpWith({ email: uniqueEmail(), password: "B0und-" + "q".repeat(122), displayName: "Boundary" });
      expect(response.body.errors).toBeUndefined();
    });
  });

  describe("signIn", () => {
    it("accepts the email in a different case and with surrounding whitespace", async () => {
      const session = await signIn(server.url, "  USER@Tessera.DEV ", "tessera-demo");
      const stored = await UserModel.findOne({ email: "user@tessera.dev" }).lean();
      expect(session.user.id).toBe(stored!._id.toString());
    });
  });

  describe("changePassword", () => {
    it("refuses a wrong current password with INVALID_CREDENTIALS", async () => {
      const account = await signUp(server.url);
      const response = await graphql(server.url, CHANGE_PASSWORD, { currentPassword: "not the password", newPassword: "a brand new password" }, { token: account.accessToken });
      expectNothingReturned(response.body.data);
      expect(response.body.errors![0]!.extensions!.code).toBe("INVALID_CREDENTIALS");
    });

    it("keeps the old password working after a refused change", async () => {
      const account = await signUp(server.url);
      await graphql(server.url, CHANGE_PASSWORD, { currentPassword: "not the password", newPassword: "a brand new password" }, { token: account.accessToken });
      await expect(signIn(server.url, account.email, account.password)).resolves.toMatchObject({ user: { id: account.user.id } });
    });

    it("refuses a new password that breaks the length rule with BAD_USER_INPUT", async () => {
      const account = await signUp(server.url);
      const response = await graphql(server.url, CHANGE_PASSWORD, { currentPassword: account.password, newPassword: "short" }, { token: account.accessToken });
      expect(response.body.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
      await expect(signIn(server.url, account.email, account.password)).resolves.toBeDefined();
    });

    it("returns a fresh access token that the API accepts", async () => {
      const account = await signUp(server.url);
      const response = await graphql(server.url, CHANGE_PASSWORD, { currentPassword: account.password, newPassword: "a brand new password" }, { token: account.accessToken });
      const fresh = response.body.data!.changePassword;
      expect(fresh.accessToken).not.toBe(account.accessToken);
      const viewer = await graphql(server.url, VIEWER, {}, { token: fresh.accessToken });
      expect(viewer.body.data!.viewer.id).toBe(account.user.id);
    });

    it("returns a fresh refresh token that can be exchanged", async () => {
      const account = await signUp(server.url);
      const response = await graphql(server.url, CHANGE_PASSWORD, { currentPassword: account.password, newPassword: "a brand new password" }, { token: account.accessToken });
      const exchanged = await refresh(response.body.data!.changePassword.refreshToken);
      expect(exchanged.body.errors).toBeUndefined();
      expect(exchanged.body.data!.refreshToken.user.id).toBe(account.user.id);
    });

    it("makes the old password fail at signIn with INVALID_CREDENTIALS", async () => {
      const account = await signUp(server.url);
      await graphql(server.url, CHANGE_PASSWORD, { currentPassword: account.password, newPassword: "a brand new password" }, { token: account.accessToken });
      const response = await graphql(server.url, SIGN_IN, { email: account.email, password: account.password });
      expect(response.body.errors![0]!.extensions!.code).toBe("INVALID_CREDENTIALS");
    });

    it("makes the new password work at signIn", async () => {
      const account = await signUp(server.url);
      await graphql(server.url, CHANGE_PASSWORD, { currentPassword: account.password, newPassword: "a brand new password" }, { token: account.accessToken });
      const session = await signIn(server.url, account.email, "a brand new password");
      expect(session.user.id).toBe(account.user.id);
    });

    it("revokes every earlier refresh token of the account, including those of other sign-ins", async () => {
      const account = await signUp(server.url);
      const laptop = await signIn(server.url, account.email, account.password);
      const phone = await signIn(server.url, account.email, account.password);
      const rotated = (await refresh(phone.refreshToken)).body.data!.refreshToken.refreshToken as string;

      await graphql(server.url, CHANGE_PASSWORD, { currentPassword: account.password, newPassword: "a brand new password" }, { token: laptop.accessToken });

      for (const token of [account.refreshToken, laptop.refreshToken, rotated]) {
        const response = await refresh(token);
        expect(response.body.errors![0]!.extensions).toEqual({ code: "UNAUTHENTICATED", reason: "REFRESH_TOKEN_INVALID" });
      }
    });

    it("leaves other accounts' refresh tokens working", async () => {
      const account = await signUp(server.url);
      const bystander = await signUp(server.url);
      await graphql(server.url, CHANGE_PASSWORD, { currentPassword: account.password, newPassword: "a brand new password" }, { token: account.accessToken });
      const response = await refresh(bystander.refreshToken);
      expect(response.body.errors).toBeUndefined();
    });

    it("refuses an anonymous caller with UNAUTHENTICATED and changes nothing", async () => {
      const account = await signUp(server.url);
      const response = await graphql(server.url, CHANGE_PASSWORD, { currentPassword: account.password, newPassword: "a brand new password" });
      expectNothingReturned(response.body.data);
      expect(response.body.errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
      await expect(signIn(server.url, account.email, account.password)).resolves.toBeDefined();
    });
  });
}
