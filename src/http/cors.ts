import cors from "@fastify/cors";
import type { FastifyInstance } from "fastify";

/** Spares most preflights, yet an origin removed from CORS_ORIGINS loses access within ten minutes. */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/** What Apollo Client sends: JSON, a bearer token, and the headers Apollo's CSRF prevention accepts; a DPoP proof. */
const ALLOWED_HEADERS = ["content-type", "authorization", "dpop", "apollo-require-preflight", "x-apollo-operation-name"];
/** What a browser client must read: the DPoP nonce to put in its next proof, and why a token was refused. */
const EXPOSED_HEADERS = ["dpop-nonce", "www-authenticate"];

/**
 * CORS_ORIGINS: each listed origin, and only those, may call the API from a browser with credentials.
 * The origin is a function rather than the list because, given a list, @fastify/cors still sends its
 * other headers (Allow-Credentials, the preflight's) to unlisted origins; this way they get none.
 */
export async function registerCors(app: FastifyInstance, origins: ReadonlySet<string>): Promise<void> {
  await app.register(cors, {
    origin: (origin, callback) => callback(null, origin !== undefined && origins.has(origin) ? origin : false),
    credentials: true,
    methods: ["GET", "POST"],
    allowedHeaders: ALLOWED_HEADERS,
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: PREFLIGHT_MAX_AGE_SECONDS,
  });
}
