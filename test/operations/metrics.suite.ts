import { createRequire } from "node:module";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { graphql, signIn } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { signWithServerKey, validClaims } from "../helpers/tokens.js";
import { waitUntil } from "../helpers/wait.js";

// Issue 16: /metrics on METRICS_PORT, parsed with a Prometheus text-format parser; the contract's counters move
// as requests come in. (tessera_revocation_propagation_seconds moves when another instance pushes a revocation:
// test/scale/revocation-propagation.test.ts drives that; here it is checked to be exposed.)
export default function metrics(): void {
  interface Family {
    name: string;
    type: string;
    metrics: Array<{ labels?: Record<string, string>; value?: string; count?: string }>;
  }
  const parsePrometheus = createRequire(import.meta.url)("parse-prometheus-text-format") as (text: string) => Family[];

  let server: TestServer;
  let metricsUrl: string;
  beforeAll(async () => {
    server = await startTestServer({ METRICS_PORT: "0", RATE_LIMITS: "true" });
    metricsUrl = `http://127.0.0.1:${server.tessera.metricsPort}/metrics`;
  });
  afterAll(() => server.stop());

  async function scrape(): Promise<Family[]> {
    const response = await fetch(metricsUrl);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    return parsePrometheus(await response.text());
  }

  /** The value of one sample: the family's sample whose labels include `labels`; 0 when there is none yet. */
  async function value(name: string, labels: Record<string, string> = {}): Promise<number> {
    const family = (await scrape()).find((f) => f.name === name);
    const sample = family?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
    return Number(sample?.value ?? sample?.count ?? 0);
  }

  it("is not served on the API's port", async () => {
    expect((await fetch(`${server.origin}/metrics`)).status).toBe(404);
  });

  it("exposes every metric of the contract, and prom-client's process metrics", async () => {
    const names = (await scrape()).map((family) => family.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "tessera_operations_total",
        "tessera_operation_duration_seconds",
        "tessera_token_verifications_total",
        "tessera_auth_denials_total",
        "tessera_rate_limited_total",
        "tessera_revocation_propagation_seconds",
        "tessera_subscriptions_active",
        "process_cpu_user_seconds_total",
        "nodejs_eventloop_lag_seconds",
      ]),
    );
  });

  it("counts operations by type, name and outcome, with their durations", async () => {
    const { accessToken } = await signIn(server.url, "user@tessera.dev", "tessera-demo");
    const ok = { operation_type: "query", operation_name: "Me", outcome: "ok" };
    const denied = { operation_type: "query", operation_name: "Me", outcome: "denied" };
    const [okBefore, deniedBefore, denialsBefore] = [await value("tessera_operations_total", ok), await value("tessera_operations_total", denied), await value("tessera_auth_denials_total", { code: "UNAUTHENTICATED" })];
    await graphql(server.url, "query Me { me { id } }", {}, { token: accessToken });
    await graphql(server.url, "query Me { me { id } }");
    await graphql(server.url, "{ viewer { id } }");
    expect(await value("tessera_operations_total", ok)).toBe(okBefore + 1);
    expect(await value("tessera_operations_total", denied)).toBe(deniedBefore + 1);
    expect(await value("tessera_auth_denials_total", { code: "UNAUTHENTICATED" })).toBe(denialsBefore + 1);
    expect(await value("tessera_operations_total", { operation_name: "anonymous", outcome: "ok" })).toBeGreaterThanOrEqual(1);
    // The parser folds a labelled histogram into one unlabelled sample, so its _count series is read from the text.
    const text = await (await fetch(metricsUrl)).text();
    const count = /^tessera_operation_duration_seconds_count\{operation_type="query",operation_name="Me"\} (\d+)$/m.exec(text);
    expect(Number(count?.[1])).toBeGreaterThanOrEqual(2);
  });

  it("counts token verifications by result: valid, then cached, and an expired one", async () => {
    const { accessToken, user } = await signIn(server.url, "editor@tessera.dev", "tessera-demo");
    const [valid, cached, expired] = [await value("tessera_token_verifications_total", { result: "valid" }), await value("tessera_token_verifications_total", { result: "cached" }), await value("tessera_token_verifications_total", { result: "expired" })];
    await graphql(server.url, "{ viewer { id } }", {}, { token: accessToken });
    await graphql(server.url, "{ viewer { id } }", {}, { token: accessToken });
    const now = Math.floor(Date.now() / 1000);
    await graphql(server.url, "{ viewer { id } }", {}, { token: await signWithServerKey(server.config, validClaims(server.config, user.id, { iat: now - 90, exp: now - 60 })) });
    expect(await value("tessera_token_verifications_total", { result: "valid" })).toBe(valid + 1);
    expect(await value("tessera_token_verifications_total", { result: "cached" })).toBe(cached + 1);
    expect(await value("tessera_token_verifications_total", { result: "expired" })).toBe(expired + 1);
  });

  it("counts requests refused by a rate limit, by action", async () => {
    const before = await value("tessera_rate_limited_total", { action: "signIn" });
    for (let attempt = 0; attempt < 6; attempt++) {
      await graphql(server.url, "mutation { signIn(email: \"admin@tessera.dev\", password: \"wrong password\") { accessToken } }");
    }
    expect(await value("tessera_rate_limited_total", { action: "signIn" })).toBeGreaterThan(before);
  });

  it("gauges the subscriptions running", async () => {
    const client = createClient({ url: server.url.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0 });
    try {
      const before = await value("tessera_subscriptions_active");
      const stop = client.subscribe({ query: "subscription { postPublished { id } }" }, { next: () => {}, error: () => {}, complete: () => {} });
      expect(await waitUntil(async () => (await value("tessera_subscriptions_active")) === before + 1, 5_000)).toBe(true);
      stop();
      expect(await waitUntil(async () => (await value("tessera_subscriptions_active")) === before, 5_000)).toBe(true);
    } finally {
      await client.dispose();
    }
  });
}
