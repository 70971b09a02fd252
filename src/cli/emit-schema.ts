import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { AUTH_MANIFEST_FILE, effectiveRules, printManifest, type AuthManifest } from "../authorization/auth-manifest.js";
import { authDirectivesOf } from "../authorization/directive.js";
import { loosenings } from "../authorization/loosening.js";
import { projectRoot } from "../paths.js";
import { buildTesseraSchema } from "../schema.js";
import { printSdl, SCHEMA_FILE } from "../schema-sdl.js";

/**
 * `npm run schema`: writes schema/schema.graphql and schema/auth-manifest.json from the code. A change that
 * loosens any field's rule is refused until it is acknowledged with `npm run schema -- --accept-loosening`,
 * which records it, dated, in the manifest's acceptedLoosenings.
 */
const schema = await buildTesseraSchema();
const fields = effectiveRules(schema, authDirectivesOf(schema));
const manifestFile = path.join(projectRoot, AUTH_MANIFEST_FILE);
const previous: AuthManifest = existsSync(manifestFile)
  ? (JSON.parse(readFileSync(manifestFile, "utf8")) as AuthManifest)
  : { fields: {}, acceptedLoosenings: [] };

const loosened = loosenings(previous.fields, fields);
if (loosened.length > 0 && !process.argv.includes("--accept-loosening")) {
  console.error(`${loosened.length} field rule(s) loosened: someone may now read what they could not before.`);
  for (const change of loosened) console.error(`  ${change}`);
  console.error("Nothing written. If this is intended, acknowledge it: npm run schema -- --accept-loosening");
  process.exit(1);
}

const today = new Date().toISOString().slice(0, 10);
const acceptedLoosenings = [...previous.acceptedLoosenings, ...loosened.map((change) => `${today} ${change}`)];
writeFileSync(path.join(projectRoot, SCHEMA_FILE), printSdl(schema));
writeFileSync(manifestFile, printManifest({ fields, acceptedLoosenings }));
console.log(`wrote ${SCHEMA_FILE} and ${AUTH_MANIFEST_FILE}${loosened.length ? ` (${loosened.length} loosening(s) accepted)` : ""}`);
