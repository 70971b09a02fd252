import type { ApolloClient } from "@apollo/client";
import { createTesseraClient } from "../../examples/web/src/apollo/client.js";
import { createMemoryTokenStore, createRefresher, SessionEndedError, type TokenStore } from "@tessera/client";
import { signIn } from "../../examples/web/src/apollo/session.js";
import { DRAFTS } from "../../examples/web/src/operations/posts.js";
import { ME } from "../../examples/web/src/operations/session.js";
import { graphql, REFRESH, signUp } from "../helpers/graphql.js";
import { recordingFetch, type RecordingFetch } from "../helpers/recording-fetch.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { signWithServerKey, validClaims } from "../helpers/tokens.js";

// @tessera/client and the example app's client (examples/web/src/apollo/), with @apollo/client 4, against a live
// server whose access tokens live for 4 seconds (NODE_ENV=test allows it) with no clock tolerance: one
// test waits out a real expiry.
const ACCESS_TTL_SECONDS = 4;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ JWT_ACCESS_TTL_SECONDS: String(ACCESS_TTL_SECONDS), JWT_CLOCK_TOLERANCE_SECONDS: "0" });
});
afterAll(() => server.stop());

interface SignedInClient {
  client: ApolloClient;
  store: TokenStore;
  network: RecordingFetch;
  signedOut: number;
  /** The reasons onSignedOut was called with, by the refresher or the link. */
  signedOutFor: string[];
}

/** A change to how requests travel, on top of the real (recorded) fetch. */
type Network = (send: typeof fetch) => typeof fetch;

/** Delivers the answers to one operation only once `until` settles: a slow network, for ordering answers. */
const holdAnswers = (operationName: string, until: Promise<void>): Network => (send) => async (input, init) => {
  const response = await send(input, init);
  if (JSON.parse(String(init?.body)).operationName === operationName) await until;
  return response;
};

/** Asks for plain application/json, as an older client or a proxy might: errors then come with a non-GraphQL content type. */
const acceptOnlyJson: Network = (send) => (input, init) =>
  send(input, { ...init, headers: { ...(init?.headers as Record<string, string>), accept: "application/json" } });

async function signedInClient(network: Network = (send) => send, account = { email: "user@tessera.dev", password: "tessera-demo" }): Promise<SignedInClient> {
  const recording = recordingFetch();
  const store = createMemoryTokenStore();
  const session = { store, network: recording, signedOut: 0, signedOutFor: [] as string[] } as SignedInClient;
  const send = network(recording.fetch);
  const onSignedOut = (reason: string) => {
    session.signedOut++;
    session.signedOutFor.push(reason);
  };
  const refresh = createRefresher({ url: server.url, store, fetch: send, onSignedOut });
  session.client = createTesseraClient({ url: server.url, store, refresh, onSignedOut, fetch: send });
  await signIn(session.client, store, account.email, account.password);
  return session;
}

/** Replaces the session's access token with one that expired a minute ago, signed with the server's real key (no wait). */
async function expireAccessToken(session: SignedInClient, userId: string): Promise<void> {
  const now = Math.floor(Date.now() / 1000);
  const expired = await signWithServerKey(server.config, validClaims(server.config, userId, { iat: now - 90, exp: now - 60 }));
  session.store.save({ accessToken: expired, refreshToken: session.store.refreshToken() });
}

/** Asks for the viewer's account over the network, never from the cache or a deduplicated request. */
function me(client: ApolloClient) {
  return client.query({ query: ME, fetchPolicy: "network-only", context: { queryDeduplication: false } });
}

it("signs in and sends the access token as Bearer on the next query", async () => {
  const { client, store } = await signedInClient();
  expect(store.accessToken()).toEqual(expect.any(String));
  const { data } = await me(client);
  expect(data?.me).toMatchObject({ displayName: "Uma User", email: "user@tessera.dev", roles: ["USER"] });
});

it("after the access token expires mid-session, 10 concurrent queries succeed with exactly one refreshToken call", async () => {
  const session = await signedInClient();
  await me(session.client);
  const expired = session.store.accessToken();
  const firstRefreshToken = session.store.refreshToken();
  await new Promise((resolve) => setTimeout(resolve, (ACCESS_TTL_SECONDS + 1) * 1000));

  const results = await Promise.all(Array.from({ length: 10 }, () => me(session.client)));

  expect(results.map((result) => result.data?.me?.email)).toEqual(Array(10).fill("user@tessera.dev"));
  expect(session.network.sent("RefreshSession")).toBe(1);
  // Each query went twice: refused with TOKEN_EXPIRED, then sent again with the new token.
  expect(session.network.sent("Me")).toBe(1 + 2 * 10);
  expect(session.store.accessToken()).not.toBe(expired);
  expect(session.store.refreshToken()).not.toBe(firstRefreshToken);
  expect(session.signedOut).toBe(0);
}, 60_000);

it("a refused refresh clears the tokens, signs the person out once and fails the query", async () => {
  const session = await signedInClient();
  const userId = (await me(session.client)).data!.me!.id;
  // Someone else used the refresh token first: presenting it again is reuse, which the API refuses.
  const reused = session.store.refreshToken()!;
  expect((await graphql(server.url, REFRESH, { refreshToken: reused })).body.errors).toBeUndefined();
  await expireAccessToken(session, userId);

  await expect(me(session.client)).rejects.toBeInstanceOf(SessionEndedError);

  expect(session.network.sent("RefreshSession")).toBe(1);
  expect(session.signedOutFor).toEqual(["REFRESH_TOKEN_INVALID"]);
  expect([session.store.accessToken(), session.store.refreshToken()]).toEqual([undefined, undefined]);
});

it("a revoked access token (signed out everywhere) clears the tokens and signs the person out, with no refresh", async () => {
  const account = await signUp(server.url);
  const session = await signedInClient(undefined, account);
  await me(session.client);
  // The same person signs out everywhere from another device: every token they hold is revoked at once.
  const elsewhere = await graphql(server.url, "mutation ($r: String) { signOut(refreshToken: $r, everywhere: true) }", { r: account.refreshToken });
  expect(elsewhere.body.data).toEqual({ signOut: true });

  await expect(me(session.client)).rejects.toThrow();

  expect(session.signedOutFor).toEqual(["TOKEN_REVOKED"]);
  expect(session.network.sent("RefreshSession")).toBe(0);
  expect([session.store.accessToken(), session.store.refreshToken()]).toEqual([undefined, undefined]);
});

it("an expired-token answer that arrives after another request's refresh is sent again with the new token, with no second refresh", async () => {
  let meAnswered!: () => void;
  const session = await signedInClient(holdAnswers("Drafts", new Promise((resolve) => (meAnswered = resolve))));
  const userId = (await me(session.client)).data!.me!.id;
  await expireAccessToken(session, userId);

  const drafts = session.client.query({ query: DRAFTS, variables: { authorId: userId }, fetchPolicy: "network-only" });
  await me(session.client); // refused as expired, refreshed, sent again, answered
  meAnswered(); // only now does Drafts hear that its token had expired

  expect((await drafts).data?.posts?.edges).toEqual([]);
  expect(session.network.sent("RefreshSession")).toBe(1);
  expect(session.network.sent("Drafts")).toBe(2);
});

it("sees TOKEN_EXPIRED in a 401 answered as plain application/json too, and refreshes", async () => {
  const session = await signedInClient(acceptOnlyJson);
  const userId = (await me(session.client)).data!.me!.id;
  await expireAccessToken(session, userId);

  expect((await me(session.client)).data?.me?.id).toBe(userId);
  expect(session.network.sent("RefreshSession")).toBe(1);
});

it("a query refused for another reason than expiry is not retried and triggers no refresh", async () => {
  const session = await signedInClient();
  session.store.save({ accessToken: "not-a-token", refreshToken: session.store.refreshToken() });

  await expect(me(session.client)).rejects.toThrow();

  expect(session.network.sent("RefreshSession")).toBe(0);
  expect(session.network.sent("Me")).toBe(1);
  expect(session.signedOut).toBe(0);
});
