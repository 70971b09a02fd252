import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";

/** What an incoming id may look like: short, and nothing a log line or a header could be confused by. */
const ACCEPTABLE = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * The request's id: the caller's `x-request-id` when it is at most 128 characters of [A-Za-z0-9._-] (a gateway's
 * or a client's id then ties its logs to ours), else a fresh UUID. The response carries it either way.
 */
export function requestIdOf(request: IncomingMessage): string {
  const incoming = request.headers["x-request-id"];
  return typeof incoming === "string" && ACCEPTABLE.test(incoming) ? incoming : randomUUID();
}
