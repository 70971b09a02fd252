import { ErrorReason } from "@tessera/client/errors";
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import mongoose from "mongoose";
import { bearerTokenFrom } from "../../src/tokens/authorization-header.js";
import { viewerFromClaims, type Claims } from "../../src/tokens/claims.js";
import type { ViewerFromRequest } from "../../src/viewer/viewer-from-request.js";
import { unauthenticated } from "../../src/viewer/viewer-from-token.js";

/**
 * The session designs users would otherwise pick: the client holds an opaque
 * random id (sent as `Authorization: Bearer <id>`, so the header handling is
 * Tessera's own), and every request looks the session up in a shared store.
 * The session holds what a sign-in would have put in the access token (the
 * claims), so both designs build the same Viewer and run the same resolvers.
 */

export const SESSION_COLLECTION = "bench_sessions";

export function newSessionId(): string {
  return randomBytes(32).toString("base64url");
}

export interface SessionCounter {
  lookups: number;
}

function viewerFromSession(json: string | null): ReturnType<typeof viewerFromClaims> {
  if (json === null) throw unauthenticated(ErrorReason.TOKEN_INVALID); // an unknown session id, as a client sees it
  return viewerFromClaims(JSON.parse(json) as Claims);
}

/** Variant 3: GET <prefix><id> in Redis per request (ioredis defaults: no auto-pipelining). */
export function redisSessionViewer(redis: Redis, keyPrefix: string, counter: SessionCounter): ViewerFromRequest {
  return async (request) => {
    const id = bearerTokenFrom(request.rawHeaders);
    if (id === undefined) return { viewer: null, proofKey: undefined };
    counter.lookups++;
    return { viewer: viewerFromSession(await redis.get(keyPrefix + id)), proofKey: undefined };
  };
}

interface SessionDocument {
  _id: string;
  claims: string;
  expiresAt: Date;
}

/** Variant 4: findOne by _id (an unexpired one) in the embedded database, with the driver directly, per request. */
export function mongoSessionViewer(): ViewerFromRequest {
  return async (request) => {
    const id = bearerTokenFrom(request.rawHeaders);
    if (id === undefined) return { viewer: null, proofKey: undefined };
    const sessions = mongoose.connection.db!.collection<SessionDocument>(SESSION_COLLECTION);
    const session = await sessions.findOne({ _id: id, expiresAt: { $gt: new Date() } });
    return { viewer: viewerFromSession(session?.claims ?? null), proofKey: undefined };
  };
}

/** The orchestrator's sign-in for the session variants: stores the session with a TTL. */
export async function storeRedisSession(redis: Redis, keyPrefix: string, claims: Claims, ttlSeconds: number): Promise<string> {
  const id = newSessionId();
  await redis.set(keyPrefix + id, JSON.stringify(claims), "EX", ttlSeconds);
  return id;
}

export async function storeMongoSession(claims: Claims, ttlSeconds: number): Promise<string> {
  const id = newSessionId();
  await mongoose.connection
    .db!.collection<SessionDocument>(SESSION_COLLECTION)
    .insertOne({ _id: id, claims: JSON.stringify(claims), expiresAt: new Date(Date.now() + ttlSeconds * 1000) });
  return id;
}
