import dc from "node:diagnostics_channel";
import type { Socket } from "node:net";
import mongoose from "mongoose";

/** What a test saw come back: from fetch (test/helpers/graphql.ts) or from a raw node:http request (forge.ts). */
export interface HttpResult {
  status: number;
  headers: Headers;
  body: unknown;
}

type Reason = "TOKEN_INVALID" | "TOKEN_EXPIRED" | "TOKEN_REVOKED";

/** The one body every refused token gets (catalogue, "401"): only `reason` varies. */
export function invalidTokenBody(reason: Reason) {
  return {
    errors: [
      {
        message: "The access token is invalid or expired",
        extensions: { code: "UNAUTHENTICATED", reason },
      },
    ],
  };
}

/** 401, `WWW-Authenticate: Bearer error="invalid_token"`, the exact shared body, and no `data` at all. */
export function expectInvalidToken(response: HttpResult, reason: Reason = "TOKEN_INVALID"): void {
  expect({ status: response.status, wwwAuthenticate: response.headers.get("www-authenticate"), body: response.body }).toEqual({
    status: 401,
    wwwAuthenticate: 'Bearer error="invalid_token"',
    body: invalidTokenBody(reason),
  });
}

/** 400, `WWW-Authenticate: Bearer error="invalid_request"`, one BAD_REQUEST error, and no `data`. */
export function expectInvalidRequest(response: HttpResult, code = "BAD_REQUEST"): void {
  expect({ status: response.status, wwwAuthenticate: response.headers.get("www-authenticate"), body: response.body }).toEqual({
    status: 400,
    wwwAuthenticate: 'Bearer error="invalid_request"',
    body: {
      errors: [{ message: expect.any(String), extensions: { code, reason: "INVALID_REQUEST" } }],
    },
  });
}

/** The token was accepted: 200, no errors, and `viewer { id }` is the token's subject. */
export function expectViewer(response: HttpResult, sub: string): void {
  expect(response.status).toBe(200);
  expect(response.body).toEqual({ data: { viewer: expect.objectContaining({ id: sub }) } });
}

/**
 * Every TCP connection this process opens while `watch` is on, except to the
 * allowed ports (the Tessera under test, the test database). A connection
 * attempt that never connects counts as outbound too. This sees the server's
 * sockets because the server runs in-process (test/helpers/server.ts).
 */
export function watchOutboundConnections(allowedPorts: number[]) {
  const sockets: Array<{ remotePort?: number }> = [];
  const onSocket = (message: unknown) => {
    const { socket } = message as { socket: Socket };
    const record: { remotePort?: number } = {};
    sockets.push(record);
    socket.once("connect", () => {
      record.remotePort = socket.remotePort;
    });
  };
  dc.subscribe("net.client.socket", onSocket);
  return {
    /** Connections to anything but the allowed ports, so far. */
    outbound: () => sockets.filter((s) => s.remotePort === undefined || !allowedPorts.includes(s.remotePort)),
    /** All sockets seen, allowed ones included: proves the watch is live. */
    all: () => sockets,
    stop: () => dc.unsubscribe("net.client.socket", onSocket),
  };
}

/**
 * Every collection operation Tessera issues through mongoose (all its data
 * access goes through mongoose models) while the watch is on. The server runs
 * in-process and shares this mongoose instance.
 */
export function watchDatabase() {
  const operations: string[] = [];
  const previous = mongoose.get("debug");
  mongoose.set("debug", (collection: string, method: string) => {
    operations.push(`${collection}.${method}`);
  });
  return {
    operations: () => [...operations],
    stop: () => mongoose.set("debug", previous),
  };
}

/** The server's log lines, parsed (pino writes JSON lines). */
export function logEntries(logs: string[]): Array<Record<string, any>> {
  return logs
    .flatMap((chunk) => chunk.split("\n"))
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Record<string, any>);
}
