import { spawnSync } from "node:child_process";
import { projectRoot } from "../../src/paths.js";

// npm run web:build is a type-check, then vite build, which strips types without checking them. The
// browser tests bundle the app once per refresh-token transport with vite build alone; the type-check,
// the same for both and some 15 times slower, runs here once.
it("examples/web type-checks (tsc -p examples/web, as npm run web:build does first)", () => {
  const tsc = spawnSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "examples/web", "--noEmit", "--pretty", "false"], {
    cwd: projectRoot,
    encoding: "utf8",
  });
  expect(tsc.stdout + tsc.stderr).toBe("");
  expect(tsc.status).toBe(0);
}, 60_000);
