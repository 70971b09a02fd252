import type { IncomingMessage } from "node:http";
import type { Instrumentation } from "@opentelemetry/instrumentation";
import { GraphQLInstrumentation } from "@opentelemetry/instrumentation-graphql";
import { HttpInstrumentation } from "@opentelemetry/instrumentation-http";
import { IORedisInstrumentation } from "@opentelemetry/instrumentation-ioredis";
import { MongoDBInstrumentation } from "@opentelemetry/instrumentation-mongodb";

/**
 * What a trace shows: the HTTP request, the GraphQL operation and its resolvers, each database command and each
 * Redis command. What it never shows: a token, a password or a variable's value. The instrumentations add no
 * headers; these options keep out the rest.
 */
export function instrumentations(): Instrumentation[] {
  return [
    new HttpInstrumentation({
      // A GET operation carries its variables, and a careless client its token, in the query string.
      startIncomingSpanHook: (request) => ((request as IncomingMessage).url?.includes("?") ? { "url.query": "[redacted]" } : {}),
      // Outgoing calls are the OTLP exporter's own; tracing them would trace the tracing.
      disableOutgoingRequestInstrumentation: true,
    }),
    // allowValues: false (the default) prints the document with every literal as `*` and never records variables.
    new GraphQLInstrumentation({ allowValues: false, ignoreTrivialResolveSpans: true, mergeItems: true }),
    // The default serializer writes a command's shape with every value as `?`.
    new MongoDBInstrumentation({ enhancedDatabaseReporting: false }),
    // Keys and arguments hold user ids and rate-limit subjects: the command name is enough.
    new IORedisInstrumentation({ dbStatementSerializer: (command) => command }),
  ];
}
