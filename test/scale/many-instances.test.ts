import { decodeJwt } from "jose";
import { freshDataDir } from "../helpers/process.js";
import { graphql, REFRESH, signIn, VIEWER, type GraphQLResponse } from "../helpers/graphql.js";
import { fleetEnvironment, startFleet } from "../helpers/instances.js";
import type { ApiProcess } from "../helpers/process.js";

// Three API processes behind no load balancer but the client's own rotation, against one database, with
// no shared session store (no REDIS_URL) and nothing else in common but the signing key (one DATA_DIR)
// and the issuer. Each request of one user goes to the next instance in turn.

const env = fleetEnvironment({
  DATA_DIR: freshDataDir(),
  MONGODB_URI: `${process.env.TESSERA_TEST_MONGODB_URI}/scale_many_${Date.now().toString(36)}`,
  // Round robin sends every sign-in of this file from 127.0.0.1; counting them is another file's subject.
  RATE_LIMITS: "false",
});

let fleet: ApiProcess[] = [];
let next = 0;
/** Client-side round robin: each call is answered by the next instance. */
const nextInstance = () => fleet[next++ % fleet.length]!;

beforeAll(async () => {
  fleet = await startFleet(3, env);
}, 60_000);

const ME = /* GraphQL */ `query { me { id email } }`;
const CREATE_POST = /* GraphQL */ `
  mutation ($input: CreatePostInput!) { createPost(input: $input) { id title status author { id } } }
`;
const POST = /* GraphQL */ `query ($id: ID!) { post(id: $id) { id title body status author { id } } }`;

function ok<T>(response: GraphQLResponse<T>): T {
  if (response.status !== 200 || response.body.errors) throw new Error(`${response.status} ${JSON.stringify(response.body)}`);
  return response.body.data!;
}

it("runs three instances, each on its own port, in its own process", () => {
  expect(new Set(fleet.map((api) => api.origin)).size).toBe(3);
  expect(new Set(fleet.map((api) => api.child.pid)).size).toBe(3);
  expect(fleet.every((api) => api.child.exitCode === null)).toBe(true);
});

it("serves one user across all three: sign in on one, query on another, refresh on a third", async () => {
  next = 0;
  const [signer, querier, refresher] = [nextInstance(), nextInstance(), nextInstance()];
  const session = await signIn(signer.url, "user@tessera.dev", "tessera-demo");

  const viewer = ok(await graphql(querier.url, VIEWER, {}, { token: session.accessToken }));
  expect(viewer.viewer.id).toBe(session.user.id);
  const me = ok(await graphql(querier.url, ME, {}, { token: session.accessToken }));
  expect(me.me).toEqual({ id: session.user.id, email: "user@tessera.dev" });

  const refreshed = ok(await graphql(refresher.url, REFRESH, { refreshToken: session.refreshToken })).refreshToken;
  expect(refreshed.user.id).toBe(session.user.id);
  expect(refreshed.accessToken).not.toBe(session.accessToken);
  expect(decodeJwt(refreshed.accessToken).sub).toBe(session.user.id);

  // The refreshed tokens work everywhere too, including on the instance that signed the first ones in.
  for (const api of fleet) {
    expect(ok(await graphql(api.url, ME, {}, { token: refreshed.accessToken })).me.id).toBe(session.user.id);
  }
  const again = ok(await graphql(signer.url, REFRESH, { refreshToken: refreshed.refreshToken })).refreshToken;
  expect(again.user.id).toBe(session.user.id);
});

it("reads on any instance what another instance wrote", async () => {
  const session = await signIn(nextInstance().url, "user@tessera.dev", "tessera-demo");
  const title = `written on one instance ${Date.now()}`;
  const writer = nextInstance();
  const created = ok(await graphql(writer.url, CREATE_POST, { input: { title, body: "read on the others" } }, { token: session.accessToken }));
  expect(created.createPost).toMatchObject({ title, status: "DRAFT", author: { id: session.user.id } });

  for (const api of fleet.filter((other) => other !== writer)) {
    const read = ok(await graphql(api.url, POST, { id: created.createPost.id }, { token: session.accessToken }));
    expect(read.post).toMatchObject({ id: created.createPost.id, title, body: "read on the others", author: { id: session.user.id } });
  }
});

it("answers 60 round-robin requests of one session without a failure", async () => {
  let session = await signIn(nextInstance().url, "editor@tessera.dev", "tessera-demo");
  const failures: string[] = [];
  for (let i = 0; i < 60; i++) {
    const api = nextInstance();
    // Every tenth call is a refresh, on whichever instance is next; the rest are reads with the latest token.
    const response =
      i % 10 === 9
        ? await graphql(api.url, REFRESH, { refreshToken: session.refreshToken })
        : await graphql(api.url, i % 2 ? ME : VIEWER, {}, { token: session.accessToken });
    if (response.status !== 200 || response.body.errors) {
      failures.push(`${api.origin} #${i}: ${response.status} ${JSON.stringify(response.body.errors)}`);
      continue;
    }
    if (i % 10 === 9) session = { ...session, ...response.body.data!.refreshToken };
  }
  expect(failures).toEqual([]);
});
