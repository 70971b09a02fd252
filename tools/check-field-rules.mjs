// `npm run build` runs this after tsc: every GraphQL field declared in the given folders (default src/) must
// carry its own @Auth(...) or @Public(), or sit in an @ObjectType class that has a type-level @Auth(...).
// The schema refuses such a field too, when it is built (src/authorization coverage); this check runs before
// anything starts and names the file and line, which the built schema cannot know.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

const FIELD_DECORATORS = new Set(["Field", "Query", "Mutation", "Subscription", "FieldResolver"]);
const RULE_DECORATORS = new Set(["Auth", "Public"]);

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sourceFiles(file);
    return file.endsWith(".ts") && !file.endsWith(".d.ts") ? [file] : [];
  });
}

const decoratorName = (decorator) => {
  const call = decorator.expression;
  return ts.isCallExpression(call) && ts.isIdentifier(call.expression) ? call.expression.text : undefined;
};
const decoratorsOf = (node) => (ts.canHaveDecorators(node) ? (ts.getDecorators(node) ?? []) : []);
const names = (node) => new Set(decoratorsOf(node).map(decoratorName).filter(Boolean));

/** The GraphQL type name: @ObjectType("Post") names it; otherwise the class name stands in. */
function typeName(declaration) {
  const objectType = decoratorsOf(declaration).find((d) => decoratorName(d) === "ObjectType");
  const first = objectType?.expression.arguments[0];
  return first && ts.isStringLiteral(first) ? first.text : (declaration.name?.text ?? "(anonymous class)");
}

/** The type a resolver class resolves fields of: `@Resolver(() => PostType)` gives "PostType". */
function resolvedType(declaration) {
  const resolver = decoratorsOf(declaration).find((d) => decoratorName(d) === "Resolver");
  const target = resolver?.expression.arguments[0];
  return target && ts.isArrowFunction(target) ? target.body.getText() : "(resolved type)";
}

export function findUnguardedDeclarations(dirs) {
  const problems = [];
  for (const file of dirs.flatMap(sourceFiles)) {
    const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    const visit = (node) => {
      if (ts.isClassDeclaration(node)) {
        const classDecorators = names(node);
        // Input types are not read by clients; only output types and resolvers declare fields they can ask for.
        if (!classDecorators.has("ObjectType") && !classDecorators.has("Resolver")) return;
        // A type-level @Auth covers its fields (they may add to it); @Public is never type-wide.
        const coveredByType = classDecorators.has("ObjectType") && classDecorators.has("Auth");
        for (const member of node.members) {
          const memberDecorators = [...names(member)];
          const kind = memberDecorators.find((name) => FIELD_DECORATORS.has(name));
          if (!kind) continue;
          if (coveredByType || memberDecorators.some((name) => RULE_DECORATORS.has(name))) continue;
          const { line, character } = source.getLineAndCharacterOfPosition(member.getStart(source));
          const owner = kind === "Field" ? typeName(node) : kind === "FieldResolver" ? resolvedType(node) : kind;
          const field = member.name && ts.isIdentifier(member.name) ? member.name.text : "?";
          problems.push(
            `${path.relative(process.cwd(), file)}:${line + 1}:${character + 1}: ${owner}.${field} has no auth rule: ` +
              `add @Public() (anyone) or @Auth(...) (see README, Authorization) above it`,
          );
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dirs = process.argv.slice(2);
  const problems = findUnguardedDeclarations(dirs.length > 0 ? dirs : ["src"]);
  for (const problem of problems) console.error(problem);
  if (problems.length > 0) {
    console.error(`${problems.length} field(s) without an auth rule: deny by default refuses to build them`);
    process.exit(1);
  }
}
