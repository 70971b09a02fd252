import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { decodeProtectedHeader } from "jose";
import { startReportsService, type ReportsService } from "../../examples/reports-service/server.js";
import { keysInEffect, type KeyFile } from "../../src/tokens/key-file.js";
import { projectRoot } from "../../src/paths.js";
import { freshDatabaseUri } from "../helpers/server.js";
import { graphql, signIn, VIEWER } from "../helpers/graphql.js";
import { freshDataDir, startApi, type ApiProcess } from "../helpers/process.js";

const run = promisify(execFile);

// Two instances share a key file (the same DATA_DIR) and re-read it every 200 ms; the reports service
// verifies with jose's createRemoteJWKSet against the JWKS (cache 500 ms). Requests run across all of
// them while `npm run keys -- rotate` prepublishes, waits, and switches.
const env = {
  DATA_DIR: freshDataDir(),
  MONGODB_URI: freshDatabaseUri(),
  SEED_DEMO_ACCOUNTS: "true",
  JWT_ISSUER: "http://tessera.test",
  JWT_KEYS_RELOAD_MS: "200",
};
let instances: ApiProcess[] = [];
let reports: ReportsService;

beforeAll(async () => {
  instances.push(await startApi(env));
  instances.push(await startApi(env));
  reports = await startReportsService({
    jwksUrl: `${instances[1]!.origin}/.well-known/jwks.json`,
    issuer: env.JWT_ISSUER,
    audience: "tessera",
    cacheMaxAge: 500,
    cooldownDuration: 500,
  });
});
afterAll(async () => {
  await reports?.close();
  await Promise.all(instances.map((api) => api.stop()));
  instances = [];
});

it("rotates the signing key while requests run: zero failures, old tokens still valid, new tokens verified everywhere", async () => {
  const [a, b] = instances as [ApiProcess, ApiProcess];
  const verifyRemotely = async (token: string) => {
    const response = await fetch(`${reports.origin}/reports/summary`, { headers: { authorization: `Bearer ${token}` } });
    if (response.status !== 200) throw new Error(`reports service answered ${response.status}`);
    return response.status;
  };

  const before = await signIn(`${a.origin}/graphql`, "user@tessera.dev", "tessera-demo");
  const oldKid = decodeProtectedHeader(before.accessToken).kid;
  await verifyRemotely(before.accessToken);

  let stop = false;
  const failures: string[] = [];
  let requests = 0;
  const traffic = (async () => {
    while (!stop) {
      const session = await signIn(`${(requests % 2 ? a : b).origin}/graphql`, "user@tessera.dev", "tessera-demo");
      for (const api of [a, b]) {
        const response = await graphql(`${api.origin}/graphql`, VIEWER, {}, { token: session.accessToken });
        if (response.status !== 200) failures.push(`${response.status} ${JSON.stringify(response.body)}`);
      }
      await verifyRemotely(session.accessToken).catch((error: Error) => failures.push(`remote: ${error.message}`));
      requests++;
    }
  })();

  const rotation = await run(process.execPath, ["dist/src/cli/keys.js", "rotate", "--wait", "2"], {
    cwd: projectRoot,
    env: { ...process.env, ...env, NODE_ENV: "development" },
  });
  await new Promise((r) => setTimeout(r, 1_000));
  stop = true;
  await traffic;

  expect(rotation.stdout).toMatch(/prepublished .* signs now; .* is retired/s);
  expect(failures).toEqual([]);
  expect(requests).toBeGreaterThan(5);

  const after = await signIn(`${b.origin}/graphql`, "user@tessera.dev", "tessera-demo");
  const newKid = decodeProtectedHeader(after.accessToken).kid;
  expect(newKid).not.toBe(oldKid);
  for (const api of [a, b]) {
    expect((await graphql(`${api.origin}/graphql`, VIEWER, {}, { token: before.accessToken })).status).toBe(200);
    expect((await graphql(`${api.origin}/graphql`, VIEWER, {}, { token: after.accessToken })).status).toBe(200);
  }
  await expect(verifyRemotely(after.accessToken)).resolves.toBeDefined();
  await expect(verifyRemotely(before.accessToken)).resolves.toBeDefined();

  const jwks = (await (await fetch(`${a.origin}/.well-known/jwks.json`)).json()) as { keys: Array<{ kid: string }> };
  expect(jwks.keys.map((k) => k.kid).sort()).toEqual([oldKid, newKid].sort());
});

it("drops a retired key once every token it signed has expired", () => {
  const keyFile: KeyFile = {
    keys: [
      { kty: "EC", kid: "new", status: "active" },
      { kty: "EC", kid: "old", status: "retired", notAfter: 1_000 },
      { kty: "EC", kid: "next", status: "next" },
    ],
  };
  expect(keysInEffect(keyFile, 999).verifyOnly.map((k) => k.kid)).toEqual(["old", "next"]);
  expect(keysInEffect(keyFile, 1_000).verifyOnly.map((k) => k.kid)).toEqual(["next"]);
  expect(keysInEffect(keyFile, 1_000).active.kid).toBe("new");
});
