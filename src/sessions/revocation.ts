import { once } from "node:events";
import { Redis } from "ioredis";
import mongoose from "mongoose";
import type { Logger } from "../logger.js";
import { logOutages, untilFirstError } from "../redis-outages.js";
import { updateUser } from "../users/update-user.js";
import { UserModel } from "../users/user.model.js";

/**
 * Revocation faster than expiry, without a lookup per request: each instance
 * keeps, in memory, the users whose tokens were revoked within the longest
 * access-token lifetime (older tokens have expired anyway), as "tokens issued
 * before this second are dead". The database holds the truth (the user's
 * `tokensValidAfter`); Redis pub/sub pushes changes to every instance at once;
 * a periodic resync from the database covers a Redis outage and instances
 * that were down. Without REDIS_URL the push stays within the process.
 */
export interface Revocations {
  /** Memory only: never a network call on the request path. */
  isRevoked(userId: string, issuedAtSeconds: number): boolean;
  /**
   * Kills every access token the user holds now, on every instance. Returns
   * the second from which new tokens are valid: `iat` has whole seconds, so
   * tokens issued in the rest of this second are refused too.
   */
  revokeUser(userId: string): Promise<number>;
  /**
   * Calls `listener` whenever this instance learns a revocation, however it
   * learned it (here, by Redis or by a resync), so that long-lived connections
   * can end at once. Returns the unsubscribe function.
   */
  onRevoked(listener: RevocationListener): () => void;
  stop(): Promise<void>;
}

/** Tokens of `userId` issued before `validAfter` (seconds) are dead. */
export type RevocationListener = (userId: string, validAfter: number) => void;

export interface RevocationOptions {
  maxTokenLifetimeSeconds: number;
  resyncMs: number;
  redisUrl?: string;
  logger: Logger;
}

const CHANNEL = "tessera:revocations";

interface RevocationMessage {
  userId: string;
  validAfter: number;
}

function isRevocationMessage(value: unknown): value is RevocationMessage {
  const message = value as RevocationMessage;
  return typeof message?.userId === "string" && Number.isInteger(message?.validAfter);
}

export async function startRevocations(options: RevocationOptions): Promise<Revocations> {
  const validAfter = new Map<string, number>();
  const listeners = new Set<RevocationListener>();
  const apply = ({ userId, validAfter: seconds }: RevocationMessage) => {
    if (seconds <= (validAfter.get(userId) ?? 0)) return;
    validAfter.set(userId, seconds);
    for (const listener of listeners) listener(userId, seconds);
  };

  const resync = async () => {
    const horizon = Math.floor(Date.now() / 1000) - options.maxTokenLifetimeSeconds;
    const revoked = await UserModel.find({ tokensValidAfter: mongoose.trusted({ $gt: new Date(horizon * 1000) }) })
      .select({ tokensValidAfter: 1 })
      .lean();
    for (const [userId, seconds] of validAfter) if (seconds <= horizon) validAfter.delete(userId);
    for (const user of revoked) apply({ userId: user._id.toString(), validAfter: Math.floor(user.tokensValidAfter.getTime() / 1000) });
  };
  await resync();
  const timer = setInterval(() => {
    resync().catch((error: unknown) => options.logger.warn({ err: error }, "revocation resync failed; will retry"));
  }, options.resyncMs);
  timer.unref();

  const log = options.logger.child({ component: "revocations" });
  // Redis down never fails or slows a request: a publish while disconnected fails at once (no offline queue)
  // and is logged; the other instances learn the revocation at their next resync from the database.
  const publisher = options.redisUrl ? new Redis(options.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false }) : undefined;
  // The subscriber queues its SUBSCRIBE until Redis answers, however long that takes, and resubscribes
  // after every reconnection; pushes missed while it was away are caught up by a resync when it is back.
  const subscriber = options.redisUrl ? new Redis(options.redisUrl, { maxRetriesPerRequest: null }) : undefined;
  if (publisher) logOutages(publisher, log, { down: "revocation push unavailable; other instances resync from the database", up: "revocation push connected" });
  if (subscriber) {
    logOutages(subscriber, log, { down: "revocation channel unavailable; resyncing from the database", up: "revocation channel connected" }, () => {
      resync().catch((error: unknown) => log.warn({ err: error }, "revocation resync failed; will retry"));
    });
  }
  subscriber?.on("message", (_channel, text: string) => {
    try {
      const message: unknown = JSON.parse(text);
      if (isRevocationMessage(message)) apply(message);
    } catch {
      log.warn("ignored a malformed revocation message");
    }
  });
  let stopping = false;
  if (subscriber) {
    // With Redis up, the instance is subscribed before it takes requests; with Redis down, it starts at once.
    const subscribed = subscriber.subscribe(CHANNEL).then(
      () => {},
      (error: unknown) => stopping || log.warn({ err: error }, "cannot subscribe to revocations"),
    );
    await untilFirstError(subscriber, subscribed);
  }
  if (publisher && publisher.status !== "ready") await untilFirstError(publisher, once(publisher, "ready"));

  return {
    isRevoked(userId, issuedAtSeconds) {
      const after = validAfter.get(userId);
      return after !== undefined && issuedAtSeconds < after;
    },
    async revokeUser(userId) {
      // Rounded up: every token issued up to now has an `iat` below it, whatever the fraction of the second.
      const message = { userId, validAfter: Math.ceil(Date.now() / 1000) };
      await updateUser(userId, { tokensValidAfter: new Date(message.validAfter * 1000) });
      apply(message);
      await publisher?.publish(CHANNEL, JSON.stringify(message)).catch((error: unknown) => {
        log.warn({ err: error }, "revocation not pushed; other instances learn it at their next resync");
      });
      return message.validAfter;
    },
    onRevoked(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async stop() {
      stopping = true;
      clearInterval(timer);
      subscriber?.disconnect();
      publisher?.disconnect();
    },
  };
}

/** Waits for the second from which a revoked user's new tokens are valid (under a second). */
export async function untilValid(validAfterSeconds: number): Promise<void> {
  // A loop, not one timeout: timers run on a monotonic clock and can fire a millisecond before Date.now() agrees.
  while (Date.now() < validAfterSeconds * 1000) {
    await new Promise((resolve) => setTimeout(resolve, validAfterSeconds * 1000 - Date.now() + 1));
  }
}
