// `npm run build` runs this after tsc: it builds the playground (playground/ -> dist/playground) with Vite,
// but only when a source, or the lockfile that pins GraphiQL and React, is newer than the last build,
// so an unchanged tree costs a few file stats instead of a full bundle.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const source = path.join(root, "playground");
const stamp = path.join(root, "dist/playground/.built");
const inputs = [path.join(source, "src"), path.join(source, "index.html"), path.join(source, "vite.config.ts"), path.join(source, "tsconfig.json"), path.join(root, "src/http/playground-settings.ts"), path.join(root, "package-lock.json")];

function newestChange(file) {
  const stats = statSync(file);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(stats.mtimeMs, ...readdirSync(file).map((name) => newestChange(path.join(file, name))));
}

function lastBuild() {
  try {
    return statSync(stamp).mtimeMs;
  } catch {
    return -Infinity;
  }
}

function run(command, args) {
  const result = spawnSync(process.execPath, [path.join(root, "node_modules", command), ...args], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (Math.max(...inputs.map(newestChange)) > lastBuild() || process.argv.includes("--force")) {
  const started = Date.now();
  // Vite strips types without checking them.
  run("typescript/bin/tsc", ["-p", "playground"]);
  run("vite/bin/vite.js", ["build", "--config", "playground/vite.config.ts", "--logLevel", "warn"]);
  writeFileSync(stamp, "");
  console.log(`built the playground in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
