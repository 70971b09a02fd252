// Plain JS: jest loads global setup outside its module mapping, so this uses the
// build that `npm test` makes first (dist/), running the same code the API ships.
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pino } from "pino";
import { startEmbeddedDatabase } from "../../dist/src/db/embedded.js";
import { projectRoot } from "../../dist/src/paths.js";

/** One real FerretDB for the whole run, in a fresh temporary directory on a free port. */
export default async function globalSetup() {
  const binary = path.join(projectRoot, "tools/embedded-db/bin/embedded-db");
  if (!existsSync(binary)) throw new Error(`${binary} is missing: run npm install (it builds it with Go)`);
  const dir = mkdtempSync(path.join(tmpdir(), "tessera-test-"));
  const db = await startEmbeddedDatabase(binary, path.join(dir, "db"), pino({ level: "silent" }));
  globalThis.tesseraTestDatabase = { db, dir };
  process.env.TESSERA_TEST_MONGODB_URI = db.uri.replace(/\/[^/]*$/, "");
  process.env.TESSERA_TEST_DIR = dir;
  process.env.TESSERA_TEST_DB_PID = String(db.pid);
}
