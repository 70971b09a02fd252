import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/** How an operation ended: every error a rule raised (UNAUTHENTICATED, FORBIDDEN) is `denied`, any other `error`. */
export type Outcome = "ok" | "error" | "denied";
export type VerificationResult = "valid" | "cached" | "expired" | "invalid" | "revoked";

/**
 * What Tessera counts, in Prometheus's terms (prom-client). The names and labels are a contract with dashboards
 * and alerts. Each instance has its own registry, served at /metrics on METRICS_PORT, never on the API's port.
 */
export interface Metrics {
  registry: Registry;
  operation(type: string, name: string, outcome: Outcome, seconds: number): void;
  tokenVerification(result: VerificationResult): void;
  authDenial(code: "UNAUTHENTICATED" | "FORBIDDEN"): void;
  rateLimited(action: string): void;
  revocationPropagated(seconds: number): void;
  /** Reads the number of active subscriptions when scraped. */
  countSubscriptionsWith(count: () => number): void;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const operations = new Counter({ name: "tessera_operations_total", help: "GraphQL operations, by how they ended", labelNames: ["operation_type", "operation_name", "outcome"], registers: [registry] });
  const durations = new Histogram({ name: "tessera_operation_duration_seconds", help: "GraphQL operation duration", labelNames: ["operation_type", "operation_name"], registers: [registry] });
  const verifications = new Counter({ name: "tessera_token_verifications_total", help: "Access-token verifications, by result", labelNames: ["result"], registers: [registry] });
  const denials = new Counter({ name: "tessera_auth_denials_total", help: "Requests and fields refused for want of a token (UNAUTHENTICATED) or of a right (FORBIDDEN)", labelNames: ["code"], registers: [registry] });
  const limited = new Counter({ name: "tessera_rate_limited_total", help: "Requests refused by a rate limit, by budget", labelNames: ["action"], registers: [registry] });
  const propagation = new Histogram({
    name: "tessera_revocation_propagation_seconds",
    help: "Time from a revocation on one instance until this one learned it",
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30],
    registers: [registry],
  });
  let countSubscriptions = () => 0;
  new Gauge({
    name: "tessera_subscriptions_active",
    help: "Subscriptions running on this instance",
    registers: [registry],
    collect() {
      this.set(countSubscriptions());
    },
  });
  return {
    registry,
    operation(type, name, outcome, seconds) {
      operations.inc({ operation_type: type, operation_name: name, outcome });
      durations.observe({ operation_type: type, operation_name: name }, seconds);
    },
    tokenVerification: (result) => verifications.inc({ result }),
    authDenial: (code) => denials.inc({ code }),
    rateLimited: (action) => limited.inc({ action }),
    revocationPropagated: (seconds) => propagation.observe(seconds),
    countSubscriptionsWith(count) {
      countSubscriptions = count;
    },
  };
}
