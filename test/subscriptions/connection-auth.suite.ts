import { generateKeyPair, SignJWT } from "jose";
import { graphql, seenSecrets, signIn, signUp } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { createTestClient, firstEvent, subscribe, subscribeOn, type ClientOptions, type Subscription } from "../helpers/subscriptions.js";
import { serverSigningJwk, signWithServerKey, validClaims } from "../helpers/tokens.js";
import { draft, publish, POST_PUBLISHED, POST_PUBLISHED_WITH_NOTES } from "./publishing.js";

// The token travels in connection_init's payload, is verified once at connect with the HTTP verifier,
// and the connection ends (4401) when the token does: at its exp, or when its user is revoked.
export default function connectionAuth(): void {
  let server: TestServer;
  let editor: string;
  const open: Subscription[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    editor = (await signIn(server.url, "editor@tessera.dev", "tessera-demo")).accessToken;
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((subscription) => subscription.dispose()));
  });
  afterAll(() => server.stop());

  function connect(options: ClientOptions, query = POST_PUBLISHED): Subscription {
    const subscription = subscribe(server.url, query, options);
    open.push(subscription);
    return subscription;
  }

  const nowSeconds = () => Math.floor(Date.now() / 1000);

  describe("refused at connect", () => {
    it("a tampered token (roles raised to ADMIN): 4401 TOKEN_INVALID", async () => {
      const { accessToken } = await signUp(server.url);
      const [header, payload, signature] = accessToken.split(".");
      const raised = { ...JSON.parse(Buffer.from(payload!, "base64url").toString()), roles: ["ADMIN"] };
      const forged = [header, Buffer.from(JSON.stringify(raised)).toString("base64url"), signature].join(".");
      expect(await connect({ token: forged }).closed).toEqual({ code: 4401, reason: "TOKEN_INVALID" });
    });

    it("a token signed by another key under our kid: 4401 TOKEN_INVALID", async () => {
      const { privateKey } = await generateKeyPair("ES256");
      const forged = await new SignJWT(validClaims(server.config, "0123456789abcdef01234567", { roles: ["ADMIN"] }))
        .setProtectedHeader({ alg: "ES256", kid: serverSigningJwk(server.config).kid, typ: "at+jwt" })
        .sign(privateKey);
      expect(await connect({ token: forged }).closed).toEqual({ code: 4401, reason: "TOKEN_INVALID" });
    });

    it("an expired token: 4401 TOKEN_EXPIRED", async () => {
      const now = nowSeconds();
      const expired = await signWithServerKey(server.config, validClaims(server.config, "0123456789abcdef01234567", { iat: now - 60, exp: now - 1 }));
      expect(await connect({ token: expired }).closed).toEqual({ code: 4401, reason: "TOKEN_EXPIRED" });
    });

    it("a token of a revoked user: 4401 TOKEN_REVOKED", async () => {
      const admin = (await signIn(server.url, "admin@tessera.dev", "tessera-demo")).accessToken;
      const person = await signUp(server.url);
      const revoked = await graphql(server.url, "mutation ($id: ID!) { revokeSessions(userId: $id) }", { id: person.user.id }, { token: admin });
      expect(revoked.body.data).toEqual({ revokeSessions: true });
      expect(await connect({ token: person.accessToken }).closed).toEqual({ code: 4401, reason: "TOKEN_REVOKED" });
    });

    it.each([
      ["another scheme", { authorization: "Basic dXNlcjpwYXNz" }],
      ["not a string", { authorization: 42 }],
      ["Bearer and no token", { authorization: "Bearer " }],
    ])("a malformed authorization (%s): 4400 INVALID_REQUEST", async (_label, connectionParams) => {
      expect(await connect({ connectionParams }).closed).toEqual({ code: 4400, reason: "INVALID_REQUEST" });
    });
  });

  describe("the token's lifetime bounds the connection's", () => {
    it("a connection is closed with 4401 TOKEN_EXPIRED when its token expires, and not before", async () => {
      const person = await signUp(server.url);
      const post = await draft(server.url, person.accessToken);
      // Two to three seconds to live: time to be served an event first, even on a loaded machine.
      const exp = nowSeconds() + 3;
      const shortLived = await signWithServerKey(server.config, validClaims(server.config, person.user.id, { exp }));
      const subscription = connect({ token: shortLived });
      await subscription.connected;
      // Served while the token lives.
      expect((await firstEvent(subscription, () => publish(server.url, editor, post.id))).data?.postPublished.id).toBe(post.id);
      const closed = await subscription.closed;
      const closedAt = Date.now();
      expect(closed).toEqual({ code: 4401, reason: "TOKEN_EXPIRED" });
      // A timer can fire a few milliseconds early; more than that would serve a live token's last moments to nobody.
      expect(closedAt).toBeGreaterThanOrEqual(exp * 1000 - 20);
      expect(closedAt).toBeLessThan(exp * 1000 + 1_000);
    });

    it("after 4401 TOKEN_EXPIRED, the same client subscribes again with a fresh token from its connectionParams", async () => {
      const person = await signUp(server.url);
      let token = await signWithServerKey(server.config, validClaims(server.config, person.user.id, { exp: nowSeconds() + 1 }));
      seenSecrets.add(token);
      const { client, closed } = createTestClient(server.url, { connectionParams: () => ({ authorization: `Bearer ${token}` }) });
      const expired = subscribeOn(client, POST_PUBLISHED);
      expect(await closed).toEqual({ code: 4401, reason: "TOKEN_EXPIRED" });
      expect(await expired.errors).toMatchObject({ code: 4401 });

      token = person.accessToken;
      const renewed = subscribeOn(client, POST_PUBLISHED);
      const post = await draft(server.url, person.accessToken);
      expect((await firstEvent(renewed, () => publish(server.url, editor, post.id))).data?.postPublished.id).toBe(post.id);
      await client.dispose();
    });

    it("revokeSessions closes the user's open connection at once with 4401 TOKEN_REVOKED", async () => {
      const admin = (await signIn(server.url, "admin@tessera.dev", "tessera-demo")).accessToken;
      const person = await signUp(server.url);
      const subscription = connect({ token: person.accessToken });
      await subscription.connected;
      const started = Date.now();
      await graphql(server.url, "mutation ($id: ID!) { revokeSessions(userId: $id) }", { id: person.user.id }, { token: admin });
      expect(await subscription.closed).toEqual({ code: 4401, reason: "TOKEN_REVOKED" });
      expect(Date.now() - started).toBeLessThan(1_000);
    });

    it("another user's revocation leaves the connection open", async () => {
      const admin = (await signIn(server.url, "admin@tessera.dev", "tessera-demo")).accessToken;
      const [person, other] = await Promise.all([signUp(server.url), signUp(server.url)]);
      const subscription = connect({ token: person.accessToken });
      await subscription.connected;
      await graphql(server.url, "mutation ($id: ID!) { revokeSessions(userId: $id) }", { id: other.user.id }, { token: admin });
      const post = await draft(server.url, person.accessToken);
      expect((await firstEvent(subscription, () => publish(server.url, editor, post.id))).data?.postPublished.id).toBe(post.id);
    });
  });

  it("a token in the URL is ignored: the connection is anonymous", async () => {
    const subscription = connect({ urlQuery: `access_token=${editor}` }, POST_PUBLISHED_WITH_NOTES);
    const post = await draft(server.url, editor);
    const event = await firstEvent(subscription, () => publish(server.url, editor, post.id, "editors only"));
    expect(event.data).toEqual({ postPublished: { id: post.id, reviewNotes: null } });
    expect(event.errors).toEqual([expect.objectContaining({ extensions: { code: "UNAUTHENTICATED", required: { roles: ["EDITOR"] }, missing: "signed-in" } })]);
  });
}
