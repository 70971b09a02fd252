import type { FastifyInstance } from "fastify";
import type { KeyRing } from "../tokens/keys.js";

/**
 * Public keys only. Cached for a minute: `npm run keys:rotate` publishes the
 * next key 90 seconds before signing with it, so a cached copy always holds
 * the key in use.
 */
export function registerJwksRoute(app: FastifyInstance, keys: KeyRing): void {
  app.get("/.well-known/jwks.json", async (_request, reply) =>
    reply
      .header("content-type", "application/json")
      .header("cache-control", "public, max-age=60")
      .send(keys.current.jwks),
  );
}
