import { spawnSync } from "node:child_process";
import { effectiveRules } from "../../src/authorization/auth-manifest.js";
import { findUnguardedFields } from "../../src/authorization/coverage.js";
import { authDirectivesOf } from "../../src/authorization/directive.js";
import { projectRoot } from "../../src/paths.js";
import { buildTesseraSchema } from "../../src/schema.js";
import { CommentResolver } from "../../docs/guides/comments/comment.resolver.js";

// docs/guides/add-a-guarded-resource.md walks through docs/guides/comments/. `npm run build` type-checks that
// code (tsconfig includes docs/); these check that it is a guarded resource as the guide says.
export default function guardedResourceGuide(): void {
  it("passes the build's field-rule check: every field of the guide's code carries a rule", () => {
    const run = spawnSync(process.execPath, ["tools/check-field-rules.mjs", "docs/guides/comments"], { cwd: projectRoot, encoding: "utf8" });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
  });

  it("builds into Tessera's schema with the rules the guide describes", async () => {
    const schema = await buildTesseraSchema({ extraResolvers: [CommentResolver] });
    const directives = authDirectivesOf(schema);
    expect(findUnguardedFields(schema, directives)).toEqual([]);
    const rules = effectiveRules(schema, directives);
    expect({
      comments: rules["Post.comments"],
      body: rules["Comment.body"],
      moderatorNote: rules["Comment.moderatorNote"],
      addComment: rules["Mutation.addComment(postId, body)"],
      deleteComment: rules["Mutation.deleteComment(id)"],
    }).toEqual({
      comments: "public",
      body: "public",
      moderatorNote: [{ signedIn: true, roles: ["EDITOR"] }],
      addComment: [{ signedIn: true, scopes: ["posts:write"] }],
      deleteComment: [{ signedIn: true, roles: ["ADMIN"], scopes: ["posts:write"], owner: "authorId" }],
    });
  });
}
