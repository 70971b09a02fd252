import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "../../src/paths.js";

// Codegen runs in its own Node process: its presets load with require(), which jest's module sandbox refuses.
const GENERATE_IN_MEMORY = `
  import { generate, loadContext } from "@graphql-codegen/cli";
  const context = await loadContext("codegen.yml");
  context.updateConfig({ silent: true });
  const outputs = await generate(context, false);
  process.stdout.write(JSON.stringify(outputs.map(({ filename, content }) => ({ filename, content }))));
`;

export default function codegenDrift(): void {
  it("examples/web/src/gql/ is exactly what codegen.yml generates (run npm run codegen after changing an operation or the schema)", () => {
    const generated = JSON.parse(
      execFileSync(process.execPath, ["--input-type=module", "-e", GENERATE_IN_MEMORY], { cwd: projectRoot, encoding: "utf8" }),
    ) as Array<{ filename: string; content: string }>;
    expect(generated.map((file) => file.filename).sort()).toEqual(
      ["gql.ts", "graphql.ts", "index.ts", "persisted-documents.json"].map((name) => `examples/web/src/gql/${name}`),
    );
    for (const { filename, content } of generated) {
      expect({ filename, content }).toEqual({ filename, content: readFileSync(path.join(projectRoot, filename), "utf8") });
    }
  });
}
