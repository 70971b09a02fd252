import { once } from "node:events";
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { freshDatabaseUri } from "../helpers/server.js";
import { freshDataDir, startApi, type ApiProcess } from "../helpers/process.js";
import { graphql, signIn } from "../helpers/graphql.js";
import { spawnChild } from "../helpers/spawner.js";
import { waitUntil } from "../helpers/wait.js";

// Issue 16: from an empty production database to a signed-in ADMIN with the documented commands only
// (`npm run keys -- generate`, `npm run users -- create`), and account administration that reaches running
// instances. The commands run as `npm run` runs them, after the build: node dist/src/cli/<command>.js.

const REDIS_URL = process.env.TESSERA_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const PASSWORD = "a correct horse for the first admin";

/**
 * Runs a command as `npm run` would, after the build. Asynchronously: a test blocked in a synchronous spawn would
 * not see the server close an idle keep-alive connection, and its next request would be sent on a dead socket.
 */
async function cli(command: "keys" | "users", args: string[], env: Record<string, string>, stdin = "") {
  const child = spawnChild(`npm run ${command}`, process.execPath, [`dist/src/cli/${command}.js`, ...args], {
    env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? "/tmp", ...env },
    stdinPipe: true,
  });
  let stdout = "";
  let stderr = "";
  child.process.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.process.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.process.stdin!.end(stdin);
  const [status] = (await once(child.process, "close")) as [number | null];
  return { status, stdout, stderr };
}

describe("production: an empty database to a signed-in ADMIN", () => {
  const dataDir = freshDataDir();
  const keysFile = path.join(dataDir, "keys.json");
  const env = {
    NODE_ENV: "production",
    MONGODB_URI: freshDatabaseUri(),
    JWT_KEYS_FILE: keysFile,
    JWT_ISSUER: "https://api.example.com",
    REDIS_URL,
    DATA_DIR: dataDir,
  };
  let api: ApiProcess;
  afterAll(() => api?.stop());

  it("generates a signing key with `keys generate`: a 0600 key file and its public JWK printed", async () => {
    const run = await cli("keys", ["generate", "--out", keysFile], {});
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/"kty":"EC".*"alg":"ES256"/);
    expect(run.stdout).not.toMatch(/"d":/);
    expect(statSync(keysFile).mode & 0o777).toBe(0o600);
  });

  it("creates the first ADMIN with `users create`, the password from stdin, while the instance runs; it signs in as ADMIN", async () => {
    api = await startApi(env);
    // Production never seeds accounts: nobody can sign in yet.
    expect((await graphql(api.url, "mutation { signIn(email: \"root@example.com\", password: \"x\") { accessToken } }")).body.errors?.[0]?.extensions?.code).toBe("INVALID_CREDENTIALS");

    const created = await cli("users", ["create", "--email", "Root@Example.com", "--role", "ADMIN"], env, `${PASSWORD}\n`);
    expect(created).toMatchObject({ status: 0, stdout: expect.stringMatching(/^created root@example\.com {2}ADMIN {2}[0-9a-f]{24}\n$/) });
    expect(created.stdout + created.stderr).not.toContain(PASSWORD);

    const admin = await signIn(api.url, "root@example.com", PASSWORD);
    expect(admin.user.roles).toEqual(["ADMIN"]);
    const users = await graphql(api.url, "{ users(first: 10) { edges { node { email roles } } } }", {}, { token: admin.accessToken });
    expect(users.body.data!.users.edges).toEqual([{ node: { email: "root@example.com", roles: ["ADMIN"] } }]);
  });

  it("refuses a weak password or an unknown role, and changes nothing", async () => {
    expect(await cli("users", ["create", "--email", "weak@example.com", "--role", "ADMIN"], env, "short\n")).toMatchObject({ status: 1, stderr: expect.stringContaining("password: must be 8 to 128 characters") });
    expect(await cli("users", ["create", "--email", "boss@example.com", "--role", "BOSS"], env, `${PASSWORD}\n`)).toMatchObject({ status: 1, stderr: expect.stringContaining("BOSS is not a role") });
    expect((await cli("users", ["list"], env)).stdout.trim().split("\n")).toEqual([expect.stringMatching(/^root@example\.com {2}ADMIN/)]);
  });

  it("`users disable` ends the account's sessions on the running instance at once, as the mutation would", async () => {
    const admin = await signIn(api.url, "root@example.com", PASSWORD);
    const disabled = await cli("users", ["disable", "--email", "root@example.com"], env);
    expect(disabled).toMatchObject({ status: 0, stdout: expect.stringContaining("disabled: root@example.com") });
    await waitUntil(async () => (await graphql(api.url, "{ me { id } }", {}, { token: admin.accessToken })).status === 401, 5_000);
    const refused = await graphql(api.url, "{ me { id } }", {}, { token: admin.accessToken });
    expect(refused.body.errors![0]!.extensions).toMatchObject({ code: "UNAUTHENTICATED", reason: "TOKEN_REVOKED" });
    expect((await graphql(api.url, "mutation ($r: String) { refreshToken(refreshToken: $r) { accessToken } }", { r: admin.refreshToken })).body.data).toEqual({ refreshToken: null });

    expect((await cli("users", ["enable", "--email", "root@example.com"], env)).status).toBe(0);
    expect((await signIn(api.url, "root@example.com", PASSWORD)).user.roles).toEqual(["ADMIN"]);
  });
});

describe("development: the database of the instance running on DATA_DIR", () => {
  const env = { DATA_DIR: freshDataDir() };
  let api: ApiProcess;
  beforeAll(async () => {
    api = await startApi(env);
  });
  afterAll(() => api?.stop());

  it("lists and changes accounts in the running instance's embedded database, without starting another", async () => {
    const listed = await cli("users", ["list"], env);
    expect(listed.status).toBe(0);
    expect(listed.stdout).toMatch(/^user@tessera\.dev {2}USER/m);
    expect((await cli("users", ["set-roles", "--email", "user@tessera.dev", "--role", "EDITOR"], env)).status).toBe(0);
    expect((await signIn(api.url, "user@tessera.dev", "tessera-demo")).user.roles).toEqual(["EDITOR"]);
  });
});

describe("development with no instance running", () => {
  it("starts the embedded database for the command, and stops it when done", async () => {
    const dataDir = freshDataDir();
    const created = await cli("users", ["create", "--email", "first@example.com", "--role", "EDITOR"], { DATA_DIR: dataDir }, `${PASSWORD}\n`);
    expect(created).toMatchObject({ status: 0, stdout: expect.stringMatching(/^created first@example\.com {2}EDITOR/) });
    expect(existsSync(path.join(dataDir, "db", "tessera.pid"))).toBe(false);
    expect((await cli("users", ["list"], { DATA_DIR: dataDir })).stdout).toMatch(/^first@example\.com {2}EDITOR/);
  });
});
