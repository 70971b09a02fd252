import { writeFileSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "../paths.js";
import { buildTesseraSchema } from "../schema.js";
import { printSdl, SCHEMA_FILE } from "../schema-sdl.js";

/** `npm run schema`: writes schema/schema.graphql from the code. */
const sdl = printSdl(await buildTesseraSchema());
writeFileSync(path.join(projectRoot, SCHEMA_FILE), sdl);
console.log(`wrote ${SCHEMA_FILE}`);
