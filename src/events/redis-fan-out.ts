import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { Redis } from "ioredis";
import { z } from "zod";
import type { Logger } from "../logger.js";
import { logOutages, untilFirstError } from "../redis-outages.js";
import { EVENT_SCHEMAS, type Topic } from "./events.js";
import type { LocalDelivery } from "./event-target.js";

const CHANNEL = "tessera:events";

const envelopeSchema = z.object({
  /** The instance that published: it delivered the event itself, and ignores its own echo. */
  origin: z.string(),
  topic: z.enum(Object.keys(EVENT_SCHEMAS) as [Topic, ...Topic[]]),
  payload: z.unknown(),
});

export interface RedisFanOut {
  publish(topic: string, payload: unknown): void;
  stop(): void;
}

/**
 * Carries events between instances through one Redis channel, so that a
 * subscriber on instance B hears a publish on instance A. Redis down never
 * fails a request: a publish is then logged and lost for the other instances
 * (their subscribers miss it; this instance's own subscribers still get it).
 */
export async function startRedisFanOut(redisUrl: string, deliver: LocalDelivery, log: Logger): Promise<RedisFanOut> {
  const origin = randomUUID();
  const publisher = new Redis(redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  const subscriber = new Redis(redisUrl, { maxRetriesPerRequest: null });
  logOutages(publisher, log, { down: "event push unavailable; other instances miss events", up: "event push connected" });
  logOutages(subscriber, log, { down: "event channel unavailable; events from other instances are missed", up: "event channel connected" });
  subscriber.on("message", (_channel, text: string) => {
    try {
      const envelope = envelopeSchema.parse(JSON.parse(text));
      if (envelope.origin === origin) return;
      deliver(envelope.topic, EVENT_SCHEMAS[envelope.topic].parse(envelope.payload));
    } catch {
      log.warn("ignored a malformed event message");
    }
  });
  let stopping = false;
  const subscribed = subscriber.subscribe(CHANNEL).then(
    () => {},
    (error: unknown) => stopping || log.warn({ err: error }, "cannot subscribe to events"),
  );
  await untilFirstError(subscriber, subscribed);
  if (publisher.status !== "ready") await untilFirstError(publisher, once(publisher, "ready"));

  return {
    publish(topic, payload) {
      publisher.publish(CHANNEL, JSON.stringify({ origin, topic, payload })).catch((error: unknown) => {
        log.warn({ err: error, topic }, "event not pushed to other instances");
      });
    },
    stop() {
      stopping = true;
      subscriber.disconnect();
      publisher.disconnect();
    },
  };
}
