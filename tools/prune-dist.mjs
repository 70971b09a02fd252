// `npm run build` runs this after tsc, which never deletes what it emitted for a source that has since been renamed
// or removed. Jest runs every dist/test/**/*.test.js, so a test file renamed in test/ would otherwise go on running
// from its old output. Removes each emitted file whose TypeScript source is gone.
import { existsSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "dist");
// What tsconfig.json compiles; dist/playground is Vite's and stays.
const EMITTED = ["src", "test", "bench", "examples", "docs"];

function* filesUnder(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(file);
    else yield file;
  }
}

let removed = 0;
for (const file of EMITTED.flatMap((dir) => [...filesUnder(path.join(dist, dir))])) {
  const emitted = /^(.*)\.js(\.map)?$/.exec(file);
  if (!emitted) continue;
  const source = path.join(root, path.relative(dist, emitted[1]));
  if (existsSync(`${source}.ts`) || existsSync(`${source}.tsx`)) continue;
  rmSync(file);
  removed++;
}
if (removed > 0) console.log(`removed ${removed} built file(s) whose source is gone`);
