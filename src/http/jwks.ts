import type { FastifyInstance } from "fastify";
import type { KeySet } from "../auth/keys.js";

/**
 * Public keys only. Cached for five minutes: rotation publishes the next key
 * well before signing with it, so a cached copy never lacks a key in use.
 */
export function registerJwksRoute(app: FastifyInstance, keys: KeySet): void {
  const body = JSON.stringify(keys.jwks);
  app.get("/.well-known/jwks.json", async (_request, reply) =>
    reply
      .header("content-type", "application/json")
      .header("cache-control", "public, max-age=300, stale-while-revalidate=60")
      .send(body),
  );
}
