import { readFileSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "../../src/paths.js";
import { buildTesseraSchema } from "../../src/schema.js";
import { printSdl, SCHEMA_FILE } from "../../src/schema-sdl.js";

export default function sdlDrift(): void {
  it("schema/schema.graphql is exactly what the code emits (run npm run schema after changing the schema)", async () => {
    const committed = readFileSync(path.join(projectRoot, SCHEMA_FILE), "utf8");
    expect(printSdl(await buildTesseraSchema())).toBe(committed);
  });
}
