import { tracingRequested } from "../../src/tracing/tracing-requested.js";

// Issue 16: tracing is off, and its SDK never imported, unless the standard OTEL_* variables ask for it.
export default function whenTracingIsRequested(): void {
  it.each([
    [{}, false],
    [{ OTEL_SERVICE_NAME: "tessera" }, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" }, true],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://collector:4318/v1/traces" }, true],
    [{ OTEL_TRACES_EXPORTER: "console" }, true],
    [{ OTEL_TRACES_EXPORTER: "none", OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" }, false],
    [{ OTEL_SDK_DISABLED: "true", OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" }, false],
    [{ OTEL_SDK_DISABLED: "false", OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" }, true],
  ])("%j → %s", (env, requested) => {
    expect(tracingRequested(env)).toBe(requested);
  });
}
