import type { ApolloServerPlugin } from "@apollo/server";
import { ErrorCode } from "../../errors.js";
import type { Metrics, Outcome } from "../../metrics/metrics.js";

const DENIALS = new Set<unknown>([ErrorCode.UNAUTHENTICATED, ErrorCode.FORBIDDEN]);

/**
 * Counts every operation Apollo answers, by type, bounded name and outcome, with its duration, and each field a
 * rule refused (tessera_auth_denials_total).
 */
export function recordOperations(metrics: Metrics, nameOf: (name: string | null | undefined) => string): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ operation, operationName, response }) {
          const errors = response.body.kind === "single" ? (response.body.singleResult.errors ?? []) : [];
          const codes = errors.map((error) => error.extensions?.code);
          for (const code of codes) if (DENIALS.has(code)) metrics.authDenial(code as "UNAUTHENTICATED" | "FORBIDDEN");
          const outcome: Outcome = codes.some((code) => DENIALS.has(code)) ? "denied" : errors.length > 0 ? "error" : "ok";
          metrics.operation(operation?.operation ?? "unknown", nameOf(operationName), outcome, (performance.now() - started) / 1000);
        },
      };
    },
  };
}
