import { mkdtempSync } from "node:fs";
import path from "node:path";
import { pino } from "pino";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "../../src/db/embedded.js";
import { projectRoot } from "../../src/paths.js";
import { graphql, SIGN_IN, signIn, VIEWER } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

export default function databaseDown(): void {
  // This file stops its database, so it runs its own embedded server rather than the shared one.
  let database: EmbeddedDatabase;
  let server: TestServer;
  let accessToken: string;

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(process.env.TESSERA_TEST_DIR!, "own-db-"));
    database = await startEmbeddedDatabase(path.join(projectRoot, "tools/embedded-db/bin/embedded-db"), dir, pino({ level: "silent" }));
    server = await startTestServer({ MONGODB_URI: database.uri });
    accessToken = (await signIn(server.url, "user@tessera.dev", "tessera-demo")).accessToken;
    await database.stop();
  });
  afterAll(() => server.stop());

  it("answers viewer from the token alone while the database is down", async () => {
    const response = await graphql(server.url, VIEWER, {}, { token: accessToken });
    expect(response.status).toBe(200);
    expect(response.body.data!.viewer.roles).toEqual(["USER"]);
  });

  it("says 503 at /readyz while the database is down, and 200 at /healthz", async () => {
    expect((await fetch(`${server.origin}/readyz`)).status).toBe(503);
    expect((await fetch(`${server.origin}/healthz`)).status).toBe(200);
  });

  it("fails a field that needs data with SERVICE_UNAVAILABLE and no driver detail", async () => {
    const response = await graphql(server.url, SIGN_IN, { email: "user@tessera.dev", password: "tessera-demo" });
    expect(response.body.errors).toEqual([
      expect.objectContaining({ message: "The database is unavailable; try again shortly", extensions: { code: "SERVICE_UNAVAILABLE" } }),
    ]);
    expect(JSON.stringify(response.body)).not.toMatch(/Mongo|ECONNREFUSED|127\.0\.0\.1|stack/i);
  });
}
