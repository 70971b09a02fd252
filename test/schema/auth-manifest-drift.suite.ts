import { readFileSync } from "node:fs";
import path from "node:path";
import { AUTH_MANIFEST_FILE, effectiveRules, type AuthManifest } from "../../src/authorization/auth-manifest.js";
import { authDirectivesOf } from "../../src/authorization/directive.js";
import { loosenings } from "../../src/authorization/loosening.js";
import { projectRoot } from "../../src/paths.js";
import { buildTesseraSchema } from "../../src/schema.js";

// schema/auth-manifest.json holds every field's effective rule. Any change to a rule fails here until the
// manifest is written again with `npm run schema`, which refuses a loosening unless it is acknowledged
// (`npm run schema -- --accept-loosening`): CI stays red for a widening of access nobody signed off.
export default function authManifestDrift(): void {
  const committed = JSON.parse(readFileSync(path.join(projectRoot, AUTH_MANIFEST_FILE), "utf8")) as AuthManifest;

  it("schema/auth-manifest.json holds exactly the rules the code declares (run npm run schema after changing one)", async () => {
    const schema = await buildTesseraSchema();
    const current = effectiveRules(schema, authDirectivesOf(schema));
    const loosened = loosenings(committed.fields, current);
    expect({ loosenedWithoutAcknowledgement: loosened, fields: current }).toEqual({ loosenedWithoutAcknowledgement: [], fields: committed.fields });
  });

  it("keeps its record of acknowledged loosenings, one dated line each", () => {
    expect(Array.isArray(committed.acceptedLoosenings)).toBe(true);
    for (const entry of committed.acceptedLoosenings) expect(entry).toMatch(/^\d{4}-\d{2}-\d{2} \w+\.\w+: .+ → .+$/);
  });
}
