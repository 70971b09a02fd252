import { loadEnvFile } from "./env-file.js";
import { StartupError } from "./startup-error.js";
import { startTracing } from "./tracing/start-tracing.js";
import { tracingRequested } from "./tracing/tracing-requested.js";

// The entry point imports nothing else statically: when tracing is on, its loader hook must be in place before
// the application's modules (Fastify, graphql, mongodb, ioredis) are first imported.
try {
  loadEnvFile();
  const tracing = tracingRequested(process.env) ? await startTracing(process.env) : undefined;
  const start = async () => (await import("./main.js")).main(tracing?.stop);
  await (tracing ? tracing.untraced(start) : start());
} catch (error: unknown) {
  // A message of several lines is several mistakes, each printed as its own line.
  if (error instanceof StartupError) for (const line of error.message.split("\n")) console.error(`tessera: ${line}`);
  else console.error("tessera: failed to start:", error instanceof Error ? error.message : error);
  process.exit(1);
}
