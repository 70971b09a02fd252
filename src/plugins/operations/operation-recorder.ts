import { ErrorCode } from "../../errors.js";
import type { Logger } from "../../logger.js";
import type { Metrics, Outcome } from "../../metrics/metrics.js";

const DENIALS = new Set<unknown>([ErrorCode.UNAUTHENTICATED, ErrorCode.FORBIDDEN]);

/** One answered operation, as the metrics and its log line see it. */
export interface OperationRecord {
  /** `query`, `mutation`, `subscription`, or `unknown` when it was refused before it was parsed. */
  type: string;
  /** As the client named it: the log line keeps it, the metrics bound it. */
  name: string | null | undefined;
  durationMs: number;
  /** The error codes of the response, in order. */
  codes: unknown[];
  /** The viewer's subject, and nothing more personal; absent when anonymous. */
  sub: string | undefined;
}

export type RecordOperation = (record: OperationRecord, log: Logger) => void;

/**
 * Counts an operation (tessera_operations_total, its duration, and each denial) and writes its one log line: name,
 * type, duration, outcome and `sub`. The request id comes with the request's logger. One line per operation is
 * all the info level writes for a request, so logging costs little (see bench/README.md).
 */
export function operationRecorder(metrics: Metrics, boundedName: (name: string | null | undefined) => string): RecordOperation {
  return ({ type, name, durationMs, codes, sub }, log) => {
    const denials = codes.filter((code) => DENIALS.has(code)) as Array<"UNAUTHENTICATED" | "FORBIDDEN">;
    for (const code of denials) metrics.authDenial(code);
    const outcome: Outcome = denials.length > 0 ? "denied" : codes.length > 0 ? "error" : "ok";
    metrics.operation(type, boundedName(name), outcome, durationMs / 1000);
    log.info({ operation: { type, name: name ?? null }, outcome, durationMs: Math.round(durationMs * 10) / 10, sub, ...(codes.length > 0 && { codes }) }, "operation");
  };
}
