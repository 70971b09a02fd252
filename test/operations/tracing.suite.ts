import { randomBytes } from "node:crypto";
import { graphql, SIGN_IN } from "../helpers/graphql.js";
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from "../helpers/otlp-receiver.js";
import { freshDataDir, startApi, type ApiProcess } from "../helpers/process.js";
import { waitUntil } from "../helpers/wait.js";

// Issue 16: tracing through the official SDK, switched on by the standard OTEL_* variables. The built API runs as
// `npm start` runs it, exporting with the real OTLP/HTTP exporter to a receiver on loopback; each request carries
// a W3C traceparent, and its trace must continue under that trace id: HTTP → GraphQL operation → resolver →
// database command. No token, password or variable value may be in anything exported.
export default function tracing(): void {
  const POSTS = /* GraphQL */ `
    query Feed($first: Int!) {
      posts(first: $first) { edges { node { title author { displayName } } } }
    }
  `;

  let receiver: OtlpReceiver;
  let api: ApiProcess;
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    api = await startApi(
      {
        DATA_DIR: freshDataDir(),
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
        OTEL_BSP_SCHEDULE_DELAY: "50",
      },
      { timeoutMs: 40_000 },
    );
  });
  afterAll(async () => {
    await api?.stop();
    await receiver?.close();
  });

  /** A traceparent whose caller span is `parent`, in a trace of our own. */
  function traceparent(): { header: string; traceId: string; parentId: string } {
    const traceId = randomBytes(16).toString("hex");
    const parentId = randomBytes(8).toString("hex");
    return { header: `00-${traceId}-${parentId}-01`, traceId, parentId };
  }

  /** A request's spans, once spans from each of these instrumentations are exported (the HTTP span ends last). */
  async function spansOf(traceId: string, instrumentations = ["http", "mongodb"]): Promise<ReceivedSpan[]> {
    const spans = () => receiver.spans.filter((span) => span.traceId === traceId);
    const scopes = () => new Set(spans().map((span) => span.scope.replace("@opentelemetry/instrumentation-", "")));
    await waitUntil(() => instrumentations.every((name) => scopes().has(name)), 10_000);
    return spans();
  }

  const childrenOf = (spans: ReceivedSpan[], parent: ReceivedSpan) => spans.filter((span) => span.parentSpanId === parent.spanId);
  const descendantsOf = (spans: ReceivedSpan[], parent: ReceivedSpan): ReceivedSpan[] =>
    childrenOf(spans, parent).flatMap((child) => [child, ...descendantsOf(spans, child)]);

  it("continues an incoming traceparent: HTTP → GraphQL operation → resolver → database command", async () => {
    const { accessToken } = (await graphql(api.url, SIGN_IN, { email: "user@tessera.dev", password: "tessera-demo" })).body.data!.signIn;
    const trace = traceparent();
    const response = await graphql(api.url, POSTS, { first: 3 }, { token: accessToken, headers: { traceparent: trace.header } });
    expect(response.body.data?.posts.edges.length).toBeGreaterThan(0);

    const spans = await spansOf(trace.traceId);
    const http = spans.find((span) => span.scope.endsWith("instrumentation-http"))!;
    expect(http).toMatchObject({ parentSpanId: trace.parentId, attributes: { "http.request.method": "POST", "url.path": "/graphql" } });

    const operation = descendantsOf(spans, http).find((span) => span.name === "query Feed")!;
    expect(operation.attributes).toMatchObject({ "graphql.operation.type": "query", "graphql.operation.name": "Feed" });
    const resolver = descendantsOf(spans, operation).find((span) => span.name === "graphql.resolve posts")!;
    expect(resolver).toBeDefined();
    const commands = descendantsOf(spans, resolver).filter((span) => span.attributes["db.system.name"] === "mongodb");
    expect(commands.map((span) => span.name)).toContain("find posts");
  });

  it("exports no token, password or variable value, wherever the client put them", async () => {
    const password = "tessera-demo";
    const email = "editor@tessera.dev";
    const trace = traceparent();
    const signedIn = await graphql(api.url, SIGN_IN, { email, password }, { headers: { traceparent: trace.header } });
    const { accessToken, refreshToken } = signedIn.body.data!.signIn;
    // A GET carries its variables, and here a careless client's token, in the query string.
    const get = traceparent();
    const query = new URLSearchParams({ query: POSTS, variables: JSON.stringify({ first: 271828 }), access_token: accessToken });
    await fetch(`${api.url}?${query}`, { headers: { traceparent: get.header, authorization: `Bearer ${accessToken}`, "apollo-require-preflight": "1" } });

    await spansOf(trace.traceId);
    const getRequest = (await spansOf(get.traceId, ["http"])).find((span) => span.scope.endsWith("instrumentation-http"));
    expect(getRequest?.attributes["url.query"]).toBe("[redacted]");
    const exported = receiver.bodies.join("\n");
    for (const secret of [password, email, accessToken, refreshToken, "271828"]) expect(exported).not.toContain(secret);
  });

  it("exports nothing but the requests' traces: start-up and background work are not traced", () => {
    const requestTraces = new Set(receiver.spans.filter((span) => span.scope.endsWith("instrumentation-http")).map((span) => span.traceId));
    expect(receiver.spans.filter((span) => !requestTraces.has(span.traceId))).toEqual([]);
  });
}
