import { runTogether } from "../helpers/run-together.js";
import coverage from "./coverage.suite.js";
import dbCommands from "./db-commands.suite.js";
import denials from "./denials.suite.js";
import fieldRulesAtBuild from "./field-rules-at-build.suite.js";
import loosening from "./loosening.suite.js";
import pagination from "./pagination.suite.js";
import partialResults from "./partial-results.suite.js";
import ruleDescriptions from "./rule-descriptions.suite.js";
import rules from "./rules.suite.js";

// Field rules, denials, coverage and the manifest, run together (test/helpers/run-together.ts). typed-rules and
// role-matrix run apart: one declares type-graphql classes of its own, the other builds its cases at import.
runTogether([
  ["coverage", coverage],
  ["db-commands", dbCommands],
  ["denials", denials],
  ["field-rules-at-build", fieldRulesAtBuild],
  ["loosening", loosening],
  ["pagination", pagination],
  ["partial-results", partialResults],
  ["rule-descriptions", ruleDescriptions],
  ["rules", rules],
]);
