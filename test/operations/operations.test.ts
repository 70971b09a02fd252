import { runTogether } from "../helpers/run-together.js";
import metrics from "./metrics.suite.js";
import operationLog from "./operation-log.suite.js";
import whenTracingIsRequested from "./tracing-requested.suite.js";
import tracing from "./tracing.suite.js";

// Metrics, tracing and the log line, run together (test/helpers/run-together.ts).
runTogether([
  ["metrics", metrics],
  ["operation-log", operationLog],
  ["tracing-requested", whenTracingIsRequested],
  ["tracing", tracing],
]);
