// `npm run build` runs this after tsc, which never deletes what it emitted for a source that has since been renamed
// or removed. Jest runs every dist/test/**/*.test.js, so a test file renamed in test/ would otherwise go on running
// from its old output. Removes each emitted file whose TypeScript source is gone.
import { existsSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "dist");

function* filesUnder(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(file);
    else yield file;
  }
}

let removed = 0;
// Everything in dist/ is tsc's but the playground, which Vite builds from sources of another kind.
for (const file of filesUnder(dist)) {
  if (file.startsWith(path.join(dist, "playground") + path.sep)) continue;
  const emitted = /^(.*)\.js(\.map)?$/.exec(file);
  if (!emitted) continue;
  const source = path.join(root, path.relative(dist, emitted[1]));
  if (existsSync(`${source}.ts`) || existsSync(`${source}.tsx`)) continue;
  rmSync(file);
  removed++;
}
if (removed > 0) console.log(`removed ${removed} built file(s) whose source is gone`);
