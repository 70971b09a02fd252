import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Logger } from "../logger.js";
import { openRedisChannel } from "../redis/channel.js";
import { EVENT_SCHEMAS, type Topic } from "./events.js";
import type { LocalDelivery } from "./local-events.js";

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
  const channel = await openRedisChannel({
    url: redisUrl,
    channel: CHANNEL,
    log,
    words: {
      publisherDown: "event push unavailable; other instances miss events",
      publisherUp: "event push connected",
      subscriberDown: "event channel unavailable; events from other instances are missed",
      subscriberUp: "event channel connected",
      notPublished: "event not pushed to other instances",
    },
    onMessage(text) {
      try {
        const envelope = envelopeSchema.parse(JSON.parse(text));
        if (envelope.origin === origin) return;
        deliver(envelope.topic, EVENT_SCHEMAS[envelope.topic].parse(envelope.payload));
      } catch {
        log.warn("ignored a malformed event message");
      }
    },
  });
  return {
    publish(topic, payload) {
      void channel.publish(JSON.stringify({ origin, topic, payload }));
    },
    stop: () => channel.stop(),
  };
}
