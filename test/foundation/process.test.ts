import { graphql, SIGN_IN, signUp } from "../helpers/graphql.js";
import { freshDataDir, startApi, waitUntil } from "../helpers/process.js";
import { childrenOf, isAlive } from "../helpers/process-table.js";

// These run the built API as a separate process, with no MONGODB_URI: it starts
// its own embedded FerretDB, as `npm start` does on a fresh machine.

it("serves { __typename } at /graphql and says ready at /readyz with no configuration", async () => {
  const api = await startApi({ DATA_DIR: freshDataDir() });
  try {
    const response = await graphql(`${api.origin}/graphql`, "{ __typename }");
    expect(response.body).toEqual({ data: { __typename: "Query" } });
    expect((await fetch(`${api.origin}/readyz`)).status).toBe(200);
    expect((await fetch(`${api.origin}/healthz`)).status).toBe(200);
    expect(api.output()).toMatch(/user@tessera\.dev/);
    expect(api.output()).toMatch(/^Database: embedded FerretDB, data in .*proc-\w+\/db$/m);
  } finally {
    await api.stop();
  }
});

it("keeps accounts across a restart on the same data directory", async () => {
  const dataDir = freshDataDir();
  const first = await startApi({ DATA_DIR: dataDir });
  const account = await signUp(`${first.origin}/graphql`);
  first.child.kill("SIGINT");
  expect(await first.exited).toBe(0);

  const second = await startApi({ DATA_DIR: dataDir });
  try {
    const response = await graphql(`${second.origin}/graphql`, SIGN_IN, { email: account.email, password: account.password });
    expect(response.body.data?.signIn.user.id).toBe(account.user.id);
  } finally {
    await second.stop();
  }
});

it.each(["SIGINT", "SIGTERM"] as const)("exits 0 on %s and leaves no embedded database behind", async (signal) => {
  const api = await startApi({ DATA_DIR: freshDataDir() });
  const [database] = childrenOf(api.child.pid!);
  expect(database).toBeDefined();
  api.child.kill(signal);
  expect(await api.exited).toBe(0);
  expect(await waitUntil(() => !isAlive(database!), 5_000)).toBe(true);
});

it("takes the embedded database down with it when killed outright (SIGKILL)", async () => {
  const api = await startApi({ DATA_DIR: freshDataDir() });
  const [database] = childrenOf(api.child.pid!);
  expect(database).toBeDefined();
  api.child.kill("SIGKILL");
  await api.exited;
  expect(await waitUntil(() => !isAlive(database!), 5_000)).toBe(true);
});

it("refuses to start in production without MONGODB_URI, with one clear line and exit code 1", async () => {
  const api = await startApi({ NODE_ENV: "production", DATA_DIR: freshDataDir() }, { waitForReady: false });
  expect(await api.exited).toBe(1);
  expect(api.output().trim().split("\n")).toEqual([expect.stringMatching(/production mode requires MONGODB_URI/)]);
});

it("lets an in-flight request finish when asked to stop", async () => {
  const api = await startApi({ DATA_DIR: freshDataDir() });
  const inFlight = graphql(`${api.origin}/graphql`, SIGN_IN, { email: "user@tessera.dev", password: "tessera-demo" });
  await new Promise((r) => setTimeout(r, 5));
  api.child.kill("SIGTERM");
  const response = await inFlight;
  expect(response.body.data?.signIn.user.email).toBe("user@tessera.dev");
  expect(await api.exited).toBe(0);
});
