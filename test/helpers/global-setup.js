// Plain JS: jest loads global setup outside its module mapping, so this uses the
// build that `npm test` makes first (dist/), running the same code the API ships.
import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pino } from "pino";
import { startEmbeddedDatabase } from "../../dist/src/db/embedded.js";
import { projectRoot } from "../../dist/src/paths.js";
import { chooseBrowser } from "../../dist/test/helpers/browser-executable.js";

/**
 * One real FerretDB for the whole run, in a fresh temporary directory on a free port; the browser the
 * browser tests drive; and the mark (TESSERA_TEST_RUN) that every process of this run inherits.
 */
export default async function globalSetup() {
  process.env.TESSERA_TEST_RUN = randomUUID();
  const binary = path.join(projectRoot, "tools/embedded-db/bin/embedded-db");
  if (!existsSync(binary)) throw new Error(`${binary} is missing: run npm install (it builds it with Go)`);
  const dir = mkdtempSync(path.join(tmpdir(), "tessera-test-"));
  const [db, browser] = await Promise.all([
    startEmbeddedDatabase(binary, path.join(dir, "db"), pino({ level: "silent" })),
    chooseBrowser(),
  ]);
  globalThis.tesseraTestDatabase = { db, dir };
  process.env.TESSERA_TEST_MONGODB_URI = db.uri.replace(/\/[^/]*$/, "");
  process.env.TESSERA_TEST_DIR = dir;
  process.env.TESSERA_TEST_DB_PID = String(db.pid);
  process.env.TESSERA_TEST_BROWSER = browser.executable;
  console.log(`\nBrowser tests use ${browser.version} (${browser.source}: ${browser.executable})`);
}
