import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { projectRoot } from "../../src/paths.js";

// The architecture as .dependency-cruiser.cjs states it: no import cycle (type-only imports included), a token
// core that reaches no database, schema library or web framework, models that know nothing of rules or sessions,
// resolvers that know nothing of HTTP.

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
  cycle?: Array<{ name: string }>;
}

function violationsIn(...paths: string[]): Violation[] {
  const run = spawnSync(
    process.execPath,
    ["node_modules/dependency-cruiser/bin/dependency-cruise.mjs", ...paths, "--config", ".dependency-cruiser.cjs", "--output-type", "json"],
    { cwd: projectRoot, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  if (!run.stdout) throw new Error(`dependency-cruiser did not run: ${run.stderr}`);
  return (JSON.parse(run.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

const described = (violation: Violation) =>
  `${violation.rule.name}: ${violation.from} → ${violation.cycle ? violation.cycle.map((step) => step.name).join(" → ") : violation.to}`;

it("finds no cycle and no forbidden edge in src/ and examples/reports-service/", () => {
  expect(violationsIn("src", "examples/reports-service").map(described)).toEqual([]);
});

it("reports a cycle when there is one (a fixture with two modules importing each other)", () => {
  expect(violationsIn("test/architecture/fixtures/cycle").map((violation) => violation.rule.name)).toContain("no-circular");
});

/** Every package the module loads, ESM or CommonJS, as recorded by loader hooks in a fresh Node process. */
function packagesLoadedBy(entry: string): string[] {
  const directory = mkdtempSync(path.join(os.tmpdir(), "tessera-loads-"));
  const record = path.join(directory, "loads.txt");
  try {
    const run = spawnSync(
      process.execPath,
      ["--import", "./test/architecture/fixtures/record-loads.mjs", "--input-type=module", "-e", `await import(${JSON.stringify(entry)})`],
      { cwd: projectRoot, encoding: "utf8", env: { ...process.env, RECORD_LOADS_TO: record } },
    );
    expect(run.stderr).toBe("");
    const urls = readFileSync(record, "utf8").split("\n").filter(Boolean);
    return [...new Set(urls.flatMap((url) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1] ?? []))].sort();
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

describe("examples/reports-service, the service that verifies Tessera's tokens offline", () => {
  it("loads no mongoose, type-graphql or fastify: only jose, zod and graphql's error class", () => {
    expect(packagesLoadedBy("./dist/examples/reports-service/server.js")).toEqual(["graphql", "jose", "zod"]);
  });

  it("is told apart from a module that does load them (the schema loads mongoose and type-graphql)", () => {
    expect(packagesLoadedBy("./dist/src/schema.js")).toEqual(expect.arrayContaining(["mongoose", "type-graphql"]));
  });
});

it("loads ioredis only when an instance connects to Redis: the application's modules do not import it", () => {
  expect(packagesLoadedBy("./dist/src/tessera.js")).not.toContain("ioredis");
  expect(packagesLoadedBy("./dist/src/redis/connect.js")).toEqual([]);
});
