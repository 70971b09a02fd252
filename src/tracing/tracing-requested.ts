/**
 * Whether the standard OpenTelemetry variables ask for traces: an OTLP endpoint, or a traces exporter other than
 * `none`; `OTEL_SDK_DISABLED=true` wins. When they do not, the SDK is never even imported.
 */
export function tracingRequested(env: NodeJS.ProcessEnv): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === "true") return false;
  const exporters = env.OTEL_TRACES_EXPORTER?.split(",").map((name) => name.trim()).filter(Boolean);
  if (exporters?.length) return !exporters.includes("none");
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}
