import { existsSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { findFreePort } from "../helpers/ports.js";
import { graphql, SIGN_IN, signUp, type GraphQLResponse } from "../helpers/graphql.js";
import { childrenOf, isAlive, processesWithArgument } from "../helpers/process-table.js";
import { failedStart, freshDataDir, launchApi, startApi, type ApiProcess } from "../helpers/process.js";
import { waitUntil } from "../helpers/wait.js";

// These run the built API as a separate process, with no MONGODB_URI: it starts its own embedded
// FerretDB, as `npm start` does on a fresh machine. A start that cannot succeed says why in one line,
// exits 1, and leaves nothing running.

/** A JSON POST whose body is sent in two halves, the second when the caller says. */
function requestInTwoHalves(url: string, body: string) {
  const request = http.request(url, { method: "POST", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } });
  const response = new Promise<{ connection: string | undefined; body: GraphQLResponse["body"] }>((resolve, reject) => {
    request.on("error", reject);
    request.on("response", (incoming) => {
      let text = "";
      incoming.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
      incoming.on("end", () => resolve({ connection: incoming.headers.connection, body: JSON.parse(text) }));
    });
  });
  const half = Math.floor(body.length / 2);
  const firstHalfSent = new Promise<void>((resolve) => request.write(body.slice(0, half), () => resolve()));
  return { firstHalfSent, sendSecondHalf: () => request.end(body.slice(half)), response };
}

/** The embedded database processes working on DATA_DIR's database. */
const databasesOn = (dataDir: string) => processesWithArgument(path.join(dataDir, "db"));

describe("one started API, from its first request to SIGTERM", () => {
  const dataDir = freshDataDir();
  let api: ApiProcess;
  beforeAll(async () => {
    // At info, for the "shutting down" line.
    api = await startApi({ DATA_DIR: dataDir, LOG_LEVEL: "info" });
  });

  it("serves { __typename } at /graphql and says ready at /readyz with no configuration", async () => {
    const response = await graphql(api.url, "{ __typename }");
    expect(response.body).toEqual({ data: { __typename: "Query" } });
    expect((await fetch(`${api.origin}/readyz`)).status).toBe(200);
    expect((await fetch(`${api.origin}/healthz`)).status).toBe(200);
    expect(api.output()).toMatch(/user@tessera\.dev/);
    expect(api.output()).toMatch(/^Database: embedded FerretDB, data in .*proc-\w+\/db$/m);
  });

  it("refuses a second instance on the same DATA_DIR, naming the first: one line, exit 1", async () => {
    const second = await failedStart({ DATA_DIR: dataDir });
    expect(second).toEqual({
      code: 1,
      lines: [`tessera: ${path.join(dataDir, "db")} is in use by another Tessera (pid ${api.child.pid}): stop it, or set DATA_DIR to another directory`],
    });
    expect(databasesOn(dataDir)).toHaveLength(1);
  });

  it.each(["PORT", "METRICS_PORT"])("refuses a %s that is already in use before it starts a database: one line naming it, exit 1", async (setting) => {
    const otherDir = freshDataDir();
    const taken = new URL(api.origin).port;
    expect(await failedStart({ DATA_DIR: otherDir, HOST: "127.0.0.1", [setting]: taken })).toEqual({
      code: 1,
      lines: [`tessera: port ${taken} on 127.0.0.1 is already in use: stop what listens there, or set ${setting}`],
    });
    expect(existsSync(path.join(otherDir, "db"))).toBe(false);
    expect(databasesOn(otherDir)).toEqual([]);
  });

  it("lets an in-flight request finish on SIGTERM, closes its connection, exits 0, and its embedded database goes with it", async () => {
    const [database] = childrenOf(api.child.pid!);
    expect(database).toBeDefined();
    // The request is in flight from its first half until its second: SIGTERM comes in between, whatever the
    // machine's speed, and the rest of the body after the server has begun to stop.
    const inFlight = requestInTwoHalves(api.url, JSON.stringify({ query: SIGN_IN, variables: { email: "user@tessera.dev", password: "tessera-demo" } }));
    await inFlight.firstHalfSent;
    await new Promise((r) => setTimeout(r, 200));
    api.child.kill("SIGTERM");
    expect(await waitUntil(() => api.output().includes('"msg":"shutting down"'), 5_000)).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    inFlight.sendSecondHalf();
    const response = await inFlight.response;
    expect(response.body.data?.signIn.user.email).toBe("user@tessera.dev");
    // Its keep-alive connection ends with the answer, so the process need not wait it out.
    expect(response.connection).toBe("close");
    expect(await api.exited).toBe(0);
    expect(await waitUntil(() => !isAlive(database!), 5_000)).toBe(true);
  });
});

it("keeps accounts across a restart on the same data directory, and exits 0 on SIGINT with its database", async () => {
  const dataDir = freshDataDir();
  const first = await startApi({ DATA_DIR: dataDir });
  const account = await signUp(first.url);
  const [database] = childrenOf(first.child.pid!);
  first.child.kill("SIGINT");
  expect(await first.exited).toBe(0);
  expect(await waitUntil(() => !isAlive(database!), 5_000)).toBe(true);

  const second = await startApi({ DATA_DIR: dataDir });
  const response = await graphql(second.url, SIGN_IN, { email: account.email, password: account.password });
  expect(response.body.data?.signIn.user.id).toBe(account.user.id);
  await second.stop();
});

it("takes the embedded database down with it when killed outright (SIGKILL), and the next start takes over the data", async () => {
  const dataDir = freshDataDir();
  const api = await startApi({ DATA_DIR: dataDir });
  const [database] = childrenOf(api.child.pid!);
  expect(database).toBeDefined();
  api.child.kill("SIGKILL");
  await api.exited;
  expect(await waitUntil(() => !isAlive(database!), 5_000)).toBe(true);
  // Its lock on DATA_DIR is left behind, held by a process that is gone: stale, and taken over.
  const next = await startApi({ DATA_DIR: dataDir });
  expect((await graphql(next.url, "{ __typename }")).status).toBe(200);
  await next.stop();
});

it("refuses to start in production without MONGODB_URI, with one clear line and exit code 1", async () => {
  const refused = await failedStart({ NODE_ENV: "production", DATA_DIR: freshDataDir() });
  expect(refused).toEqual({ code: 1, lines: [expect.stringMatching(/^tessera: production mode requires MONGODB_URI/)] });
});

it("says in one line that EMBEDDED_DB_BIN names a missing file, instead of downloading MongoDB", async () => {
  const dataDir = freshDataDir();
  const refused = await failedStart({ DATA_DIR: dataDir, EMBEDDED_DB_BIN: "/nonexistent/embedded-db" });
  expect(refused).toEqual({
    code: 1,
    lines: ["tessera: EMBEDDED_DB_BIN is /nonexistent/embedded-db, which does not exist (unset it to use the one npm install builds)"],
  });
});

it("stops at a TRUSTED_ISSUERS with mistakes, one line for each, before it starts a database", async () => {
  const dataDir = freshDataDir();
  const issuers = [
    { issuer: "http://sso.example.com/realms/acme", audience: "tessera", discovery: true, claims: { roles: "realm_access..roles" } },
    { issuer: "https://login.example.com/", audience: "tessera", jwksUri: "https://login.example.com/jwks", roles: { map: { boss: "OWNER" } } },
  ];
  expect(await failedStart({ DATA_DIR: dataDir, TRUSTED_ISSUERS: JSON.stringify(issuers) })).toEqual({
    code: 1,
    lines: [
      "tessera: TRUSTED_ISSUERS[0].issuer: must be an https URL (http only on loopback)",
      expect.stringMatching(/^tessera: TRUSTED_ISSUERS\[0\]\.claims\.roles: "realm_access\.\.roles" has no name after a dot/),
      expect.stringMatching(/^tessera: TRUSTED_ISSUERS\[1\]\.roles\.map\.boss: .*"USER"/),
    ],
  });
  expect(existsSync(path.join(dataDir, "db"))).toBe(false);
});

it("names an unreachable MONGODB_URI at once (credentials hidden), with how long it will be tried", async () => {
  const port = await findFreePort();
  const api = launchApi({ DATA_DIR: freshDataDir(), MONGODB_URI: `mongodb://someone:secret@127.0.0.1:${port}/tessera`, LOG_LEVEL: "info", LOG_FORMAT: "json" });
  const said = `connecting to the database at mongodb://[credentials]@127.0.0.1:${port}/tessera (trying for up to 15 s)`;
  expect(await waitUntil(() => api.output().includes(said), 5_000)).toBe(true);
  expect(api.output()).not.toContain("secret");
  await api.stop();
});
