import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import type { ValidationRule } from "graphql";
import { ErrorCode } from "../../errors.js";
import { reportAs } from "./armor-report.js";

/**
 * Forbids more than `n` aliases in an operation, fragments included: ALIAS_LIMIT_EXCEEDED. 500 aliased signIns
 * never reach a password hash. Every alias counts, `__typename` too (Armor exempts it by default: 50,000 aliases of
 * it would be free).
 */
export const noMoreAliasesThan = (n: number) => maxAliasesRule({ ...reportAs(ErrorCode.ALIAS_LIMIT_EXCEEDED, n), allowList: [] }) as ValidationRule;
