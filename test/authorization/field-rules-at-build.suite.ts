import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "../../src/paths.js";

// `npm run build` runs tools/check-field-rules.mjs: a field with no rule fails the build, named by file and line.
export default function fieldRulesAtBuild(): void {
  function check(...dirs: string[]) {
    const run = spawnSync(process.execPath, ["tools/check-field-rules.mjs", ...dirs], { cwd: projectRoot, encoding: "utf8" });
    return { status: run.status, lines: run.stderr.trim().split("\n").filter(Boolean) };
  }

  it("passes on src/: every field has its own rule or its type's @Auth", () => {
    expect(check("src")).toEqual({ status: 0, lines: [] });
  });

  it("fails on a field added to an existing type with no rule, naming its file, line and fix", () => {
    const dir = mkdtempSync(path.join(process.env.TESSERA_TEST_DIR!, "rules-"));
    const file = path.join(dir, "post.type.ts");
    writeFileSync(
      file,
      [
        'import { Field, ObjectType } from "type-graphql";',
        'import { Auth, Public } from "../authorization/directive.js";',
        '@ObjectType("Post")',
        "export class PostType {",
        "  @Public()",
        "  @Field()",
        "  title!: string;",
        "",
        "  @Field()",
        "  ipAddress!: string;",
        "}",
        '@Auth({ roles: [Role.EDITOR] })',
        '@ObjectType("Review")',
        "export class ReviewType {",
        "  @Field()",
        "  notes!: string;",
        "}",
      ].join("\n"),
    );
    const { status, lines } = check(dir);
    expect(status).toBe(1);
    expect(lines).toEqual([
      `${path.relative(projectRoot, file)}:9:3: Post.ipAddress has no auth rule: add @Public() (anyone) or @Auth(...) (see README, Authorization) above it`,
      "1 field(s) without an auth rule: deny by default refuses to build them",
    ]);
  });
}
