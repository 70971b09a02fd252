import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** One span as OTLP/JSON carries it, with its attributes flattened and the instrumentation scope that made it. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  scope: string;
  attributes: Record<string, unknown>;
}

export interface OtlpReceiver {
  endpoint: string;
  spans: ReceivedSpan[];
  /** Every request body as it arrived, to search for what must never be exported. */
  bodies: string[];
  close(): Promise<void>;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
}
interface ExportTraceServiceRequest {
  resourceSpans: Array<{
    scopeSpans: Array<{
      scope: { name: string };
      spans: Array<Omit<ReceivedSpan, "scope" | "attributes"> & { attributes?: Array<{ key: string; value: OtlpValue }> }>;
    }>;
  }>;
}

const valueOf = (value: OtlpValue) => value.stringValue ?? value.intValue ?? value.boolValue ?? value.doubleValue;

/**
 * An OTLP/HTTP trace receiver on loopback (POST /v1/traces, the JSON encoding), standing in for a collector: it
 * decodes what the SDK's real exporter sends.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const bodies: string[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      if (request.url !== "/v1/traces" || request.headers["content-type"] !== "application/json") {
        response.writeHead(415).end();
        return;
      }
      bodies.push(body);
      for (const { scopeSpans } of (JSON.parse(body) as ExportTraceServiceRequest).resourceSpans) {
        for (const { scope, spans: scoped } of scopeSpans) {
          for (const { attributes = [], ...span } of scoped) {
            spans.push({ ...span, scope: scope.name, attributes: Object.fromEntries(attributes.map((a) => [a.key, valueOf(a.value)])) });
          }
        }
      }
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    bodies,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
