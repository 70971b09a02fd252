import { maxDirectivesRule } from "@escape.tech/graphql-armor-max-directives";
import type { ValidationRule } from "graphql";
import { ErrorCode } from "../../errors.js";
import { reportAs } from "./armor-report.js";

/** Forbids more than `n` directives in an operation, a cheap way to make validation expensive: DIRECTIVE_LIMIT_EXCEEDED. */
export const noMoreDirectivesThan = (n: number) => maxDirectivesRule(reportAs(ErrorCode.DIRECTIVE_LIMIT_EXCEEDED, n)) as ValidationRule;
