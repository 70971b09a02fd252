import { once } from "node:events";
import type { Redis } from "ioredis";
import type { Logger } from "../logger.js";

/**
 * ioredis emits "error" on every failed reconnection attempt (every 2 s, for as long as Redis is away), so
 * logging each one floods the logs. This logs the first error of an outage as a warning and its end as info.
 * The client keeps reconnecting by itself throughout.
 */
export function logOutages(client: Redis, log: Logger, what: { down: string; up: string }, onUp?: () => void): void {
  let down = false;
  client.on("error", (error: Error) => {
    if (down) return;
    down = true;
    log.warn({ err: error }, what.down);
  });
  client.on("ready", () => {
    if (!down) return;
    down = false;
    log.info(what.up);
    onUp?.();
  });
}

/** Waits for `what`, or only until the client's first connection error (Redis down: start without it). */
export async function untilFirstError(client: Redis, what: Promise<unknown>): Promise<void> {
  const stopWaiting = new AbortController();
  await Promise.race([what, once(client, "error", { signal: stopWaiting.signal })]).catch(() => {});
  stopWaiting.abort();
}
