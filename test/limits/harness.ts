import { readFileSync } from "node:fs";
import path from "node:path";
import { buildSchema, parse, validate, type ValidationRule } from "graphql";
import { projectRoot } from "../../src/paths.js";

// A graphql-js-style harness for one validation rule at a time: the checked-in schema, the rule alone, no server.

const schema = buildSchema(readFileSync(path.join(projectRoot, "schema/schema.graphql"), "utf8"));

export interface ReportedError {
  message: string;
  code: unknown;
  limit: unknown;
}

/** The errors `rule` reports for `document`, as `expect(...)` of { message, code, limit }: chain the matcher. */
export function expectErrors(rule: ValidationRule, document: string) {
  const errors = validate(schema, parse(document), [rule]).map(
    (error): ReportedError => ({ message: error.message, code: error.extensions.code, limit: error.extensions.limit }),
  );
  return expect(errors);
}

/** `rule` reports nothing for `document`. */
export function expectValid(rule: ValidationRule, document: string): void {
  expectErrors(rule, document).toEqual([]);
}
