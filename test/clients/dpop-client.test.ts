import { ApolloClient, ApolloLink, gql, HttpLink, InMemoryCache } from "@apollo/client";
import {
  connectionParams,
  createDpopSigner,
  createMemoryTokenStore,
  createRefresher,
  generateDpopKey,
  keepSocketTokenFresh,
  type DpopOptions,
  type TokenStore,
} from "@tessera/client";
import { createAuthLink } from "@tessera/client/apollo";
import { createClient } from "graphql-ws";
import { decodeJwt } from "jose";
import WebSocket from "ws";
import { SIGN_IN } from "../../examples/web/src/operations/session.js";
import { signIn as signInOnServer } from "../helpers/graphql.js";
import { recordingFetch, type RecordingFetch } from "../helpers/recording-fetch.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { socketUrl, subscribeOn } from "../helpers/subscriptions.js";
import { draft, POST_PUBLISHED, publish } from "../subscriptions/publishing.js";

// Issue 19: @tessera/client's DPoP option, in Node (its key from node:crypto's WebCrypto), with Apollo Client 4
// and graphql-ws against a live server that requires its nonces and issues 4-second access tokens.
const ACCESS_TTL_SECONDS = 4;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ JWT_ACCESS_TTL_SECONDS: String(ACCESS_TTL_SECONDS), JWT_CLOCK_TOLERANCE_SECONDS: "0", DPOP_NONCES: "true" });
});
afterAll(() => server.stop());

interface DpopSession {
  client: ApolloClient;
  store: TokenStore;
  refresh: () => Promise<void>;
  dpop: DpopOptions;
  network: RecordingFetch;
}

async function dpopSession(): Promise<DpopSession> {
  const network = recordingFetch();
  const store = createMemoryTokenStore();
  const dpop = { signer: await createDpopSigner(await generateDpopKey()), url: server.url };
  const refresh = createRefresher({ url: server.url, store, fetch: network.fetch, dpop: dpop.signer });
  const client = new ApolloClient({
    link: ApolloLink.from([createAuthLink({ store, refresh, dpop }), new HttpLink({ uri: server.url, fetch: network.fetch })]),
    cache: new InMemoryCache(),
  });
  const { data } = await client.mutate({ mutation: SIGN_IN, variables: { email: "user@tessera.dev", password: "tessera-demo" } });
  store.save(data!.signIn!);
  return { client, store, refresh, dpop, network };
}

const viewerId = async (client: ApolloClient) =>
  (await client.query<{ viewer: { id: string } }>({ query: VIEWER_QUERY, fetchPolicy: "network-only" })).data?.viewer.id;

const VIEWER_QUERY = gql`
  query Viewer {
    viewer {
      id
    }
  }
`;

it("generates a key whose private half cannot be exported", async () => {
  const keys = await generateDpopKey();
  expect(keys.privateKey.extractable).toBe(false);
  await expect(crypto.subtle.exportKey("jwk", keys.privateKey)).rejects.toThrow();
});

it("signs in with a proof, fetching the server's nonce once, and gets a token bound to its key", async () => {
  const { store, network, client } = await dpopSession();
  // The first signIn was refused for want of the nonce, which its answer carried; the link sent it once more.
  expect(network.sent("SignIn")).toBe(2);
  expect(decodeJwt(store.accessToken()!).cnf).toEqual({ jkt: expect.any(String) });
  expect(await viewerId(client)).toEqual(expect.any(String));
});

it("refreshes an expired bound token with a proof, and goes on", async () => {
  const { client, network } = await dpopSession();
  await new Promise((resolve) => setTimeout(resolve, (ACCESS_TTL_SECONDS + 1) * 1000));
  expect(await viewerId(client)).toEqual(expect.any(String));
  expect(network.sent("RefreshSession")).toBe(1);
});

it("keeps a subscription socket open across token lifetimes, handing it each fresh token", async () => {
  const { store, refresh, dpop } = await dpopSession();
  const fresh = keepSocketTokenFresh({ store, refresh, dpop, leadSeconds: 2 });
  const closes: number[] = [];
  const client = createClient({
    url: socketUrl(server.url),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: connectionParams({ store, refresh, dpop }),
    on: { connected: fresh.connected, closed: (event) => (closes.push((event as { code: number }).code), fresh.closed()) },
  });
  try {
    const results = subscribeOn(client, POST_PUBLISHED);
    const first = store.accessToken();
    // Three lifetimes of the first token: without the fresh tokens, the socket would close at its exp.
    await new Promise((resolve) => setTimeout(resolve, 3 * ACCESS_TTL_SECONDS * 1000));
    expect(store.accessToken()).not.toBe(first);
    const editor = (await signInOnServer(server.url, "editor@tessera.dev", "tessera-demo")).accessToken;
    const post = await draft(server.url, editor);
    await publish(server.url, editor, post.id);
    expect((await results.next(5_000))?.data?.postPublished.id).toBe(post.id);
    expect(closes).toEqual([]);
  } finally {
    await client.dispose();
  }
}, 30_000);
