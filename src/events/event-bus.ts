import { createPubSub } from "@graphql-yoga/subscription";
import type { Logger } from "../logger.js";
import { createLocalEventTarget } from "./event-target.js";
import type { EventBus, Events } from "./events.js";
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
  const local = createLocalEventTarget(log);
  if (!options.redisUrl) return { bus: createPubSub<Events>({ eventTarget: local.target }), stop: () => {} };

  const fanOut = await startRedisFanOut(options.redisUrl, local.deliver, log);
  const target: EventTarget = {
    addEventListener: local.target.addEventListener,
    removeEventListener: local.target.removeEventListener,
    dispatchEvent(event) {
      local.target.dispatchEvent(event);
      fanOut.publish(event.type, (event as CustomEvent).detail);
      return true;
    },
  };
  return { bus: createPubSub<Events>({ eventTarget: target }), stop: fanOut.stop };
}
