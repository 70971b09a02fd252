import type { FastifyRequest } from "fastify";

/** The GraphQL document a request carries: `query` in a JSON body (POST) or in the query string (GET). */
export function documentIn(request: FastifyRequest): string | undefined {
  const from = request.method === "GET" ? request.query : request.body;
  const query = typeof from === "object" && from !== null && !Array.isArray(from) ? (from as { query?: unknown }).query : undefined;
  return typeof query === "string" ? query : undefined;
}
