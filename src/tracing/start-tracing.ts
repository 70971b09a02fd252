import { register } from "node:module";

export interface Tracing {
  /** Runs start-up untraced: building the schema parses dozens of SDL fragments, each a root span otherwise. Requests
   * are unaffected: each starts from the root context and its incoming traceparent. */
  untraced<T>(work: () => Promise<T>): Promise<T>;
  /** Flushes the spans still buffered and stops the exporter. */
  stop(): Promise<void>;
}

/**
 * Starts the OpenTelemetry SDK, configured by the standard OTEL_* variables (exporter, endpoint, protocol, sampler,
 * propagators; W3C trace context by default, so an incoming traceparent continues its trace). Traces only:
 * metrics are Prometheus (METRICS_PORT) and logs are pino's. Must run before the application is imported, which
 * the loader hook then instruments.
 */
export async function startTracing(env: NodeJS.ProcessEnv): Promise<Tracing> {
  register("@opentelemetry/instrumentation/hook.mjs", import.meta.url);
  const [{ NodeSDK }, { context }, { suppressTracing }, { instrumentations }] = await Promise.all([
    import("@opentelemetry/sdk-node"),
    import("@opentelemetry/api"),
    import("@opentelemetry/core"),
    import("./instrumentations.js"),
  ]);
  const sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME ? undefined : "tessera",
    instrumentations: instrumentations(),
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  return {
    untraced: (work) => context.with(suppressTracing(context.active()), work),
    stop: () => sdk.shutdown(),
  };
}
