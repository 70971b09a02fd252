import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { environmentSchema } from "../../src/config.js";
import { ErrorCode, ErrorReason } from "../../src/errors.js";
import { projectRoot } from "../../src/paths.js";

// Issue 16: every variable src/config.ts reads is documented, and every documented one is read; the docs name no
// variable of ours that config does not read; .env.example lists them all; a .env file is loaded, and the real
// environment wins over it.

const read = (file: string) => readFileSync(path.join(projectRoot, file), "utf8");
const READ_BY_CONFIG = Object.keys(environmentSchema.shape).sort();

export default function configuration(): void {
  it("docs/configuration.md's table lists exactly the variables src/config.ts reads", () => {
    const documented = [...read("docs/configuration.md").matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((match) => match[1]!).sort();
    expect(documented).toEqual(READ_BY_CONFIG);
  });

  /**
   * A prefix that two or more of our variables share (JWT_, LIMIT_, TIMEOUT_, ...) names a family: a name in that
   * family that config does not read is a typo or a variable that no longer exists. Prefixes of a single variable
   * (RATE_ of RATE_LIMITS) are left out, since error codes such as RATE_LIMITED share them.
   */
  const FAMILIES = (() => {
    const prefixes = READ_BY_CONFIG.filter((name) => name.includes("_")).map((name) => name.slice(0, name.indexOf("_") + 1));
    return [...new Set(prefixes.filter((prefix) => prefixes.indexOf(prefix) !== prefixes.lastIndexOf(prefix)))];
  })();

  /** The API's error codes and reasons: words of the API, not variables, though some share a family's prefix (DPOP_PROOF_INVALID). */
  const API_WORDS = new Set<string>([...Object.values(ErrorCode), ...Object.values(ErrorReason)]);

  it("README.md and docs/*.md name no variable of a configured family that src/config.ts does not read", () => {
    const files = ["README.md", ...readdirSync(path.join(projectRoot, "docs")).filter((name) => name.endsWith(".md")).map((name) => `docs/${name}`)];
    const unknown = files.flatMap((file) =>
      [...read(file).matchAll(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g)]
        .map((match) => match[0])
        .filter((name) => FAMILIES.some((prefix) => name.startsWith(prefix)) && !READ_BY_CONFIG.includes(name) && !API_WORDS.has(name))
        .map((name) => `${file}: ${name}`),
    );
    expect(FAMILIES).toEqual(expect.arrayContaining(["JWT_", "LIMIT_", "TIMEOUT_"]));
    expect(unknown).toEqual([]);
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
}
