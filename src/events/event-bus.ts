import type { Logger } from "../logger.js";
import type { EventBus } from "./events.js";
import { createLocalEvents } from "./local-events.js";
import { startRedisFanOut } from "./redis-fan-out.js";

export interface RunningEventBus {
  bus: EventBus;
  stop(): void;
}

/**
 * This instance's event bus: subscribers here always hear what is published
 * here; with REDIS_URL, they also hear what every other instance publishes.
 */
export async function startEventBus(options: { redisUrl?: string; logger: Logger }): Promise<RunningEventBus> {
  const log = options.logger.child({ component: "events" });
  const local = createLocalEvents(log);
  if (!options.redisUrl) return { bus: { publish: local.deliver, subscribe: local.subscribe }, stop: () => {} };

  const fanOut = await startRedisFanOut(options.redisUrl, local.deliver, log);
  const bus: EventBus = {
    publish(topic, payload) {
      local.deliver(topic, payload);
      fanOut.publish(topic, payload);
    },
    subscribe: local.subscribe,
  };
  return { bus, stop: fanOut.stop };
}
