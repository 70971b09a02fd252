import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { graphql, type GraphQLResponse } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

// Issue 15: no way around the limits. Every field counts, __typename too, for aliases and cost; a token limit
// refuses a flood before it is parsed; deep nesting is refused by a limit, never by the parser's stack.
export default function floods(): void {
  const typenameAliases = (count: number) => `{ ${Array.from({ length: count }, (_, i) => `a${i}: __typename`).join(" ")} }`;
  const nested = (levels: number) => `{ viewer { ${"a { ".repeat(levels)}id${" }".repeat(levels)} } }`;

  /** One 400 error, no `data`, the limit's code: and nothing of the document was executed or echoed. */
  function expectRefused(response: GraphQLResponse, code: string, limit: number): void {
    expect({ status: response.status, body: response.body }).toEqual({
      status: 400,
      body: { errors: [{ message: expect.any(String), extensions: { code, limit } }] },
    });
    expect(response.body.errors![0]!.message).not.toMatch(/stack|call stack|Maximum/i);
  }

  async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
    const started = performance.now();
    const result = await work();
    return [result, performance.now() - started];
  }

  describe("default limits", () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer();
    });
    afterAll(() => server.stop());

    it("refuses 50,000 aliases of __typename (a 1 MiB-class document) unparsed, with TOKEN_LIMIT_EXCEEDED", async () => {
      const document = typenameAliases(50_000);
      const [response, ms] = await timed(() => graphql(server.url, document));
      expectRefused(response, "TOKEN_LIMIT_EXCEEDED", 10_000);
      console.log(`50,000 __typename aliases: ${(document.length / 1024).toFixed(0)} KiB document, answered 400 in ${ms.toFixed(0)} ms with a ${JSON.stringify(response.body).length}-byte body`);
    });

    it("refuses 20,000 levels of nesting with DEPTH_LIMIT_EXCEEDED, unparsed: the bracket scan stops at 64 levels", async () => {
      expectRefused(await graphql(server.url, nested(20_000)), "DEPTH_LIMIT_EXCEEDED", 12);
    });

    it("refuses the same floods as a subscription over the socket, with the same codes", async () => {
      const client = createClient({ url: server.url.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
      try {
        const errors = await new Promise<unknown>((resolve) => {
          client.subscribe({ query: `subscription ${typenameAliases(50_000).slice(1, -1)}` }, { next: () => {}, error: resolve, complete: () => resolve(undefined) });
        });
        expect(errors).toEqual([expect.objectContaining({ extensions: { code: "TOKEN_LIMIT_EXCEEDED", limit: 10_000 } })]);
      } finally {
        await client.dispose();
      }
    });
  });

  describe("each limit on its own: the others raised out of the way", () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ LIMIT_TOKENS: "10000000" });
    });
    afterAll(() => server.stop());

    it("refuses 20,000 levels of nesting with DEPTH_LIMIT_EXCEEDED, never a stack overflow", async () => {
      expectRefused(await graphql(server.url, nested(20_000)), "DEPTH_LIMIT_EXCEEDED", 12);
    });

    it("counts aliases of __typename against the alias limit", async () => {
      expectRefused(await graphql(server.url, typenameAliases(16)), "ALIAS_LIMIT_EXCEEDED", 15);
    });

  });

  describe("the cost limit alone", () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ LIMIT_TOKENS: "10000000", LIMIT_ALIASES: "1000000" });
    });
    afterAll(() => server.stop());

    it("counts __typename against the cost limit: 50,000 of them exceed a cost of 10,000", async () => {
      const [response, ms] = await timed(() => graphql(server.url, typenameAliases(50_000)));
      expectRefused(response, "COST_LIMIT_EXCEEDED", 10_000);
      console.log(`50,000 __typename aliases with only the cost limit in the way: answered 400 in ${ms.toFixed(0)} ms`);
    });

    it("accepts exactly 10,000 of them and refuses 10,001: every field costs 1", async () => {
      const response = await graphql(server.url, typenameAliases(10_000));
      expect(response.status).toBe(200);
      expect(Object.keys(response.body.data!)).toHaveLength(10_000);
      expectRefused(await graphql(server.url, typenameAliases(10_001)), "COST_LIMIT_EXCEEDED", 10_000);
    });
  });
}
