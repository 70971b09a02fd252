import { once } from "node:events";
import type { Logger } from "../logger.js";
import { connectRedis } from "./connect.js";
import { logOutages, untilFirstError } from "./outages.js";

/** What the logs say about one channel: each client going down and coming back, and a message lost. */
export interface ChannelWords {
  publisherDown: string;
  publisherUp: string;
  subscriberDown: string;
  subscriberUp: string;
  notPublished: string;
}

export interface RedisChannelOptions {
  url: string;
  channel: string;
  log: Logger;
  words: ChannelWords;
  onMessage(text: string): void;
  /** After the subscriber is back from an outage: catch up on what it missed. */
  onSubscriberBack?(): void;
}

export interface RedisChannel {
  /** Never rejects: a message that cannot be published is logged and lost for the other instances. */
  publish(message: string): Promise<void>;
  stop(): void;
}

/**
 * One Redis pub/sub channel between instances, with the lifecycle both of ours need (revocations, events):
 * Redis down never fails or slows a request. A publish while disconnected fails at once (no offline queue) and
 * is logged. The subscriber queues its SUBSCRIBE until Redis answers, however long that takes, and resubscribes
 * after every reconnection. With Redis up, the instance is subscribed before it takes requests; with Redis down,
 * it starts at once.
 */
export async function openRedisChannel({ url, channel, log, words, onMessage, onSubscriberBack }: RedisChannelOptions): Promise<RedisChannel> {
  const [publisher, subscriber] = await Promise.all([
    connectRedis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false }),
    connectRedis(url, { maxRetriesPerRequest: null }),
  ]);
  logOutages(publisher, log, { down: words.publisherDown, up: words.publisherUp });
  logOutages(subscriber, log, { down: words.subscriberDown, up: words.subscriberUp }, onSubscriberBack);
  subscriber.on("message", (_channel, text: string) => onMessage(text));
  let stopping = false;
  const subscribed = subscriber.subscribe(channel).then(
    () => {},
    (error: unknown) => stopping || log.warn({ err: error, channel }, "cannot subscribe"),
  );
  await untilFirstError(subscriber, subscribed);
  if (publisher.status !== "ready") await untilFirstError(publisher, once(publisher, "ready"));

  return {
    async publish(message) {
      await publisher.publish(channel, message).then(
        () => {},
        (error: unknown) => log.warn({ err: error }, words.notPublished),
      );
    },
    stop() {
      stopping = true;
      subscriber.disconnect();
      publisher.disconnect();
    },
  };
}
