import type { FastifyRequest } from "fastify";
import type { RequestedOperation } from "../limits/operation-limits.js";


/** Reads `extensions` as a POST body holds it, or as GET's query string does: JSON text. */
function extensionsOf(value: unknown): { persistedQuery?: { sha256Hash?: unknown } } | undefined {
  if (typeof value === "string") {
    try {
      return JSON.parse(value) as { persistedQuery?: { sha256Hash?: unknown } };
    } catch {
      return undefined;
    }
  }
  return typeof value === "object" && value !== null ? (value as { persistedQuery?: { sha256Hash?: unknown } }) : undefined;
}

/** The operation a request carries: in a JSON body (POST) or in the query string (GET). Nothing for a batch. */
export function operationIn(request: FastifyRequest): RequestedOperation {
  const from = request.method === "GET" ? request.query : request.body;
  if (typeof from !== "object" || from === null || Array.isArray(from)) return {};
  const { query, extensions } = from as { query?: unknown; extensions?: unknown };
  const hash = extensionsOf(extensions)?.persistedQuery?.sha256Hash;
  return { ...(typeof query === "string" ? { query } : {}), ...(typeof hash === "string" ? { hash } : {}) };
}
