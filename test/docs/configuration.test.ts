import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { environmentSchema } from "../../src/config.js";
import { projectRoot } from "../../src/paths.js";

// Issue 16: every variable src/config.ts reads is documented, and every documented one is read; .env.example
// lists them all; a .env file is loaded, and the real environment wins over it.

const read = (file: string) => readFileSync(path.join(projectRoot, file), "utf8");
const READ_BY_CONFIG = Object.keys(environmentSchema.shape).sort();

it("the README's configuration table lists exactly the variables src/config.ts reads", () => {
  const readme = read("README.md");
  const section = readme.slice(readme.indexOf("## Configuration"), readme.indexOf("\n## ", readme.indexOf("## Configuration") + 1));
  const documented = [...section.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((match) => match[1]!).sort();
  expect(documented).toEqual(READ_BY_CONFIG);
});

it(".env.example lists exactly the variables src/config.ts reads", () => {
  const listed = [...read(".env.example").matchAll(/^# ([A-Z0-9_]+)=/gm)].map((match) => match[1]!).sort();
  expect(listed).toEqual(READ_BY_CONFIG);
});

it("loads .env from the working directory, and the real environment wins over it", () => {
  const directory = mkdtempSync(path.join(process.env.TESSERA_TEST_DIR!, "dotenv-"));
  writeFileSync(path.join(directory, ".env"), "LIMIT_DEPTH=7\nPORT=1234\n");
  const script = `
    const { loadEnvFile } = await import(${JSON.stringify(path.join(projectRoot, "dist/src/env-file.js"))});
    const { loadConfig } = await import(${JSON.stringify(path.join(projectRoot, "dist/src/config.js"))});
    loadEnvFile();
    const config = loadConfig();
    process.stdout.write(JSON.stringify({ depth: config.limits.depth, port: config.port }));`;
  const output = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
    cwd: directory,
    env: { PATH: process.env.PATH!, PORT: "4321", DATA_DIR: directory },
    encoding: "utf8",
  });
  expect(JSON.parse(output)).toEqual({ depth: 7, port: 4321 });
});
