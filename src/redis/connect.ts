import type { Redis, RedisOptions } from "ioredis";

/**
 * A Redis client, with ioredis imported at the first connection rather than with the application: an instance
 * without REDIS_URL never needs it, and importing it cost every start (and every test file) about 0.3 s of CPU.
 */
export async function connectRedis(url: string, options: RedisOptions): Promise<Redis> {
  const { Redis } = await import("ioredis");
  return new Redis(url, options);
}
