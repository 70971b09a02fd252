import type { Logger } from "../logger.js";
import { memoryReplayStore, type ReplayStore } from "../tokens/dpop/replay-store.js";
import { connectRedis } from "./connect.js";
import { logOutages, untilFirstError } from "./outages.js";

const PREFIX = "tessera:dpop:jti:";

/**
 * The DPoP replay cache shared by every instance: a proof's `jti` is claimed with SET NX PX, so a proof sent to two
 * instances is accepted by one. While Redis is unreachable, each instance falls back to its own memory: a proof
 * can then be replayed once per instance within its minute, never on the same one.
 */
export async function startRedisReplayStore(url: string, logger: Logger): Promise<ReplayStore & { stop(): void }> {
  const log = logger.child({ component: "dpop-replay" });
  const redis = await connectRedis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  logOutages(redis, log, { down: "DPoP replay cache unavailable; each instance checks proofs against its own memory", up: "DPoP replay cache connected" });
  await untilFirstError(redis, new Promise((resolve) => redis.once("ready", resolve)));
  const fallback = memoryReplayStore();
  return {
    async claim(key, ttlMs) {
      // Claimed here too, so that falling back mid-window still refuses what this instance saw.
      if (!(await fallback.claim(key, ttlMs))) return false;
      try {
        return (await redis.set(PREFIX + key, "1", "PX", ttlMs, "NX")) === "OK";
      } catch {
        return true;
      }
    },
    stop: () => redis.disconnect(),
  };
}
