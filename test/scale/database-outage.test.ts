import { mkdtempSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { findFreePort } from "../helpers/ports.js";
import { freshDataDir, startApi, type ApiProcess } from "../helpers/process.js";
import { sleep } from "../helpers/wait.js";
import { graphql, signIn, VIEWER, type GraphQLResponse } from "../helpers/graphql.js";
import {
  fleetEnvironment,
  killHard,
  startDatabaseProcess,
  type DatabaseProcess,
} from "../helpers/instances.js";

// The database dies under load (kill -9) and comes back on the same port and data. This file runs the
// embedded FerretDB as a process of its own, so it can kill it; the API is another process.

const FAST_MS = 2_500;
const RECOVERY_MS = 5_000;

const POSTS = /* GraphQL */ `query { posts(first: 5) { edges { node { id } } } }`;
const ME = /* GraphQL */ `query { me { id } }`;
const CREATE_POST = /* GraphQL */ `mutation ($input: CreatePostInput!) { createPost(input: $input) { id title } }`;
const POST = /* GraphQL */ `query ($id: ID!) { post(id: $id) { id title } }`;

type Operation = "viewer" | "posts" | "me" | "createPost";
interface Sample {
  op: Operation;
  /** ms from the start of the load */
  sentAt: number;
  ms: number;
  status: number;
  body: GraphQLResponse["body"];
  title?: string;
}

let port: number;
let dbDir: string;
let database: DatabaseProcess;
let api: ApiProcess;
let token: string;
let samples: Sample[] = [];
let killedAt = 0;
let readyzWhileDown: number[] = [];
let healthzWhileDown: number[] = [];

const succeeded = (s: Sample) => s.status === 200 && !s.body.errors && s.body.data != null;

beforeAll(async () => {
  port = await findFreePort();
  dbDir = mkdtempSync(path.join(process.env.TESSERA_TEST_DIR!, "outage-db-"));
  database = await startDatabaseProcess(port, dbDir);
  api = await startApi(fleetEnvironment({ DATA_DIR: freshDataDir(), MONGODB_URI: database.uri("tessera"), RATE_LIMITS: "false" }));
  token = (await signIn(api.url, "user@tessera.dev", "tessera-demo")).accessToken;

  // Warm-up: a fresh process answers its first requests slowly (compilation, first queries per collection).
  for (let i = 0; i < 3; i++) {
    await Promise.all([
      graphql(api.url, VIEWER, {}, { token }),
      graphql(api.url, POSTS, {}, { token }),
      graphql(api.url, ME, {}, { token }),
      graphql(api.url, CREATE_POST, { input: { title: `warm-up ${i}`, body: "b" } }, { token }),
    ]);
  }

  // The load: one client per kind of request (a claims-only query, two reads, a write), two of each, for
  // 1 s before the kill and 2 s after it, each client sending at least once after it (bounded at 10 s in all). /readyz is asked while the database is down.
  const started = performance.now();
  const ops: Operation[] = ["viewer", "posts", "me", "createPost"];
  const client = async (worker: number) => {
    const op = ops[worker % ops.length]!;
    let sentAfterKill = false;
    const running = () => {
      const now = performance.now() - started;
      return now < 10_000 && (killedAt === 0 || now < killedAt + 2_000 || !sentAfterKill);
    };
    for (let i = 0; running(); i++) {
      const title = `acknowledged ${worker}-${i}`;
      const sentAt = performance.now() - started;
      if (killedAt > 0 && sentAt > killedAt) sentAfterKill = true;
      const response =
        op === "viewer"
          ? await graphql(api.url, VIEWER, {}, { token })
          : op === "posts"
            ? await graphql(api.url, POSTS, {}, { token })
            : op === "me"
              ? await graphql(api.url, ME, {}, { token })
              : await graphql(api.url, CREATE_POST, { input: { title, body: "written under load" } }, { token });
      samples.push({ op, sentAt, ms: performance.now() - started - sentAt, status: response.status, body: response.body, title });
    }
  };
  const killer = async () => {
    await sleep(1_000);
    await killHard(database.child);
    // From here on the database process is gone.
    killedAt = performance.now() - started;
    await sleep(300);
    for (let i = 0; i < 3; i++) {
      readyzWhileDown.push((await fetch(`${api.origin}/readyz`)).status);
      healthzWhileDown.push((await fetch(`${api.origin}/healthz`)).status);
      await sleep(200);
    }
  };
  await Promise.all([killer(), ...[0, 1, 2, 3, 4, 5, 6, 7].map(client)]);
}, 60_000);

it("ran load on both sides of the kill", () => {
  const before = samples.filter((s) => s.sentAt + s.ms < killedAt);
  const after = samples.filter((s) => s.sentAt > killedAt);
  console.log(
    `database outage load: ${samples.length} requests, ${before.length} answered before the kill at ${killedAt.toFixed(0)} ms, ${after.length} sent after it`,
  );
  for (const op of ["viewer", "posts", "me", "createPost"] as const) {
    expect(before.filter((s) => s.op === op && succeeded(s)).length).toBeGreaterThan(0);
    expect(after.filter((s) => s.op === op).length).toBeGreaterThan(0);
  }
});

it("keeps answering viewer (from the claims) with 200 throughout", () => {
  const viewers = samples.filter((s) => s.op === "viewer");
  expect(viewers.filter((s) => !succeeded(s)).map((s) => `${s.status} ${JSON.stringify(s.body)}`)).toEqual([]);
  expect(viewers.filter((s) => s.sentAt > killedAt + 200).length).toBeGreaterThan(0);
});

it("fails every field that needs data, once the database is gone, with SERVICE_UNAVAILABLE and nothing from the driver", () => {
  // Requests sent well after the kill; one in flight at the kill may still have been answered.
  const dataAfter = samples.filter((s) => s.op !== "viewer" && s.sentAt > killedAt + 100);
  expect(dataAfter.length).toBeGreaterThan(0);
  for (const sample of dataAfter) {
    expect(sample.body.errors).toEqual([
      { message: "The database is unavailable; try again shortly", path: [sample.op], locations: expect.any(Array), extensions: { code: "SERVICE_UNAVAILABLE" } },
    ]);
    expect(JSON.stringify(sample.body)).not.toMatch(/Mongo|ECONNREFUSED|ECONNRESET|127\.0\.0\.1|stack|topology|server selection/i);
  }
});

it(`answers every request within ${FAST_MS} ms of the outage reaching it, including those that fail`, () => {
  // For a request sent after the kill, its whole time; for one in flight at the kill, the time it spent after it.
  const outageTime = (s: Sample) => s.sentAt + s.ms - Math.max(s.sentAt, killedAt);
  const sentAfter = samples.filter((s) => s.sentAt > killedAt);
  console.log(
    `database outage: requests sent after the kill took at most ${Math.max(...sentAfter.map((s) => s.ms)).toFixed(0)} ms; ` +
      `the slowest request overall took ${Math.max(...samples.map((s) => s.ms)).toFixed(0)} ms`,
  );
  expect(sentAfter.filter((s) => s.ms >= FAST_MS).map((s) => `${s.op} ${s.ms.toFixed(0)} ms`)).toEqual([]);
  expect(samples.filter((s) => outageTime(s) >= FAST_MS).map((s) => `${s.op} ${outageTime(s).toFixed(0)} ms after the kill`)).toEqual([]);
});

it("says 503 at /readyz while the database is down (and 200 at /healthz)", () => {
  expect(readyzWhileDown).toEqual([503, 503, 503]);
  expect(healthzWhileDown).toEqual([200, 200, 200]);
});

describe("after the database restarts on the same port and data", () => {
  let recoveryMs = Infinity;

  beforeAll(async () => {
    database = await startDatabaseProcess(port, dbDir);
    // From the moment the database accepts connections until reads, writes and /readyz all work again.
    const listening = performance.now();
    while (performance.now() - listening < 15_000) {
      const [ready, posts, me] = await Promise.all([
        fetch(`${api.origin}/readyz`).then((r) => r.status),
        graphql(api.url, POSTS, {}, { token }),
        graphql(api.url, ME, {}, { token }),
      ]);
      if (ready === 200 && !posts.body.errors && !me.body.errors) {
        recoveryMs = performance.now() - listening;
        break;
      }
      await sleep(50);
    }
    console.log(`database outage: recovered ${recoveryMs.toFixed(0)} ms after the restarted database accepted connections`);
  }, 30_000);

  it(`recovers by itself within ${RECOVERY_MS / 1000} s: /readyz 200, reads answer`, () => {
    expect(recoveryMs).toBeLessThanOrEqual(RECOVERY_MS);
  });

  it("accepts writes and sign-ins again", async () => {
    const created = await graphql(api.url, CREATE_POST, { input: { title: "after the outage", body: "b" } }, { token });
    expect(created.body.errors).toBeUndefined();
    expect(created.body.data!.createPost.title).toBe("after the outage");
    await expect(signIn(api.url, "user@tessera.dev", "tessera-demo")).resolves.toMatchObject({ accessToken: expect.any(String) });
  });

  it("still has every write acknowledged before the kill", async () => {
    const acknowledged = samples.filter((s) => s.op === "createPost" && succeeded(s));
    expect(acknowledged.length).toBeGreaterThan(0);
    const missing: string[] = [];
    for (const sample of acknowledged) {
      const { id, title } = (sample.body.data as { createPost: { id: string; title: string } }).createPost;
      const read = await graphql(api.url, POST, { id }, { token });
      if (read.body.data?.post?.title !== title) missing.push(`${id} ${title}: ${JSON.stringify(read.body)}`);
    }
    console.log(`database outage: ${acknowledged.length} writes acknowledged before the kill, ${missing.length} missing after the restart`);
    expect(missing).toEqual([]);
  });
});

describe("a database that is still coming up when the API starts", () => {
  it("is waited for: the API starts once it answers, instead of failing its start", async () => {
    const laterPort = await findFreePort();
    const laterDir = mkdtempSync(path.join(process.env.TESSERA_TEST_DIR!, "late-db-"));
    const starting = startApi(
      fleetEnvironment({ DATA_DIR: freshDataDir(), MONGODB_URI: `mongodb://127.0.0.1:${laterPort}/tessera`, RATE_LIMITS: "false" }),
    );
    // Longer than one server-selection attempt (1 s): the start must retry, not give up.
    await sleep(2_500);
    await startDatabaseProcess(laterPort, laterDir);
    const late = await starting;
    expect((await fetch(`${late.origin}/readyz`)).status).toBe(200);
    await expect(signIn(late.url, "user@tessera.dev", "tessera-demo")).resolves.toMatchObject({ accessToken: expect.any(String) });
  }, 30_000);
});
