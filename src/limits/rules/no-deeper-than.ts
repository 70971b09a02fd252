import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import type { ValidationRule } from "graphql";
import { ErrorCode } from "../../errors.js";
import { reportAs } from "./armor-report.js";

/** Forbids selections nested deeper than `n` fields, fragments followed: DEPTH_LIMIT_EXCEEDED. */
export const noDeeperThan = (n: number) =>
  maxDepthRule({ ...reportAs(ErrorCode.DEPTH_LIMIT_EXCEEDED, n), flattenFragments: true }) as ValidationRule;
