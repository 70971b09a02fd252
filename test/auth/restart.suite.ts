import { chmodSync, statSync } from "node:fs";
import path from "node:path";
import { graphql, REFRESH, signIn, VIEWER, type Session } from "../helpers/graphql.js";
import { startTestServer, testEnvironment, type TestServer } from "../helpers/server.js";

export default function restart(): void {
  let before: Session;
  let keyFile: string;
  let modeAsCreated: number;
  let server: TestServer;

  beforeAll(async () => {
    // One data directory and one database for both runs, as on a developer's machine.
    const env = testEnvironment();
    const first = await startTestServer(env);
    keyFile = path.join(first.config.dataDir, "keys", "es256-signing-keys.json");
    modeAsCreated = statSync(keyFile).mode & 0o777;
    before = await signIn(first.url, "user@tessera.dev", "tessera-demo");
    // Not first.stop(): that would delete the data directory the second run needs.
    await first.tessera.stop();
    // As if the file had been copied or restored with loose permissions between runs.
    chmodSync(keyFile, 0o644);
    server = await startTestServer(env);
  });
  afterAll(() => server.stop());

  it("accepts an access token issued before the restart, for the same user", async () => {
    const response = await graphql(server.url, VIEWER, {}, { token: before.accessToken });
    expect(response.status).toBe(200);
    expect(response.body.data!.viewer.id).toBe(before.user.id);
  });

  it("exchanges a refresh token issued before the restart", async () => {
    const response = await graphql(server.url, REFRESH, { refreshToken: before.refreshToken });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!.refreshToken.user.id).toBe(before.user.id);
  });

  it("creates the development signing key file readable by its owner only (0600)", () => {
    expect(modeAsCreated).toBe(0o600);
  });

  it("puts the key file back to 0600 at start when its permissions were loosened", () => {
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
  });
}
