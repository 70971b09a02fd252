import type { FastifyRequest } from "fastify";
import type { RequestedOperation } from "../limits/operation-limits.js";

interface Extensions {
  persistedQuery?: { sha256Hash?: unknown };
}

/** Reads `extensions` as a POST body holds it, or as GET's query string does: JSON text. */
function extensionsOf(value: unknown): Extensions | undefined {
  if (typeof value === "string") {
    try {
      return JSON.parse(value) as Extensions;
    } catch {
      return undefined;
    }
  }
  return typeof value === "object" && value !== null ? (value as Extensions) : undefined;
}

/** The operation a request carries: in a JSON body (POST) or in the query string (GET). Nothing for a batch. */
export function operationIn(request: FastifyRequest): RequestedOperation {
  const from = request.method === "GET" ? request.query : request.body;
  if (typeof from !== "object" || from === null || Array.isArray(from)) return {};
  const { query, extensions, operationName } = from as { query?: unknown; extensions?: unknown; operationName?: unknown };
  const hash = extensionsOf(extensions)?.persistedQuery?.sha256Hash;
  return {
    ...(typeof query === "string" ? { query } : {}),
    ...(typeof hash === "string" ? { hash } : {}),
    ...(typeof operationName === "string" ? { name: operationName } : {}),
  };
}
