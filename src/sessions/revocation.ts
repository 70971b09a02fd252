import mongoose from "mongoose";
import type { Logger } from "../logger.js";
import { openRedisChannel } from "../redis/channel.js";
import { UserModel } from "../users/user.model.js";
import { runOnce } from "../db/run-once.js";
import { RevocationModel } from "./revocation.model.js";

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
   * Refuses every token of the user, now and to come, until reinstated: for a linked user, whose provider goes on
   * issuing tokens that no refusal of ours to refresh would stop.
   */
  barUser(userId: string): Promise<void>;
  /** Lifts barUser: tokens issued from now on are valid again. */
  reinstateUser(userId: string): Promise<void>;
  /**
   * Calls `listener` whenever this instance learns a revocation, however it
   * learned it (here, by Redis or by a resync), so that long-lived connections
   * can end at once. Returns the unsubscribe function.
   */
  onRevoked(listener: RevocationListener): () => void;
  /** Reads the recent revocations from the database now, as the periodic resync does. */
  resync(): Promise<void>;
  stop(): Promise<void>;
}

/** Tokens of `userId` issued before `validAfter` (seconds) are dead. */
export type RevocationListener = (userId: string, validAfter: number) => void;

export interface RevocationOptions {
  maxTokenLifetimeSeconds: number;
  resyncMs: number;
  redisUrl?: string;
  logger: Logger;
  /** Told how long a revocation pushed by another instance took to arrive here, in seconds. */
  onPropagated?: (seconds: number) => void;
}

const CHANNEL = "tessera:revocations";
/** Revocations decoded per turn of the event loop during a resync. */
export const RESYNC_BATCH = 500;

/** 9999-12-31T23:59:59Z: no token is issued at or after it, so a user barred with it stays barred. */
const FOREVER = 253_402_300_799;

interface RevocationMessage {
  userId: string;
  validAfter: number;
  /** Lowers a bar (FOREVER) to this value; otherwise a revocation only ever moves later. */
  reinstate?: boolean;
  /** Epoch ms at which the revoking instance sent it. */
  sentAt?: number;
}

function isRevocationMessage(value: unknown): value is RevocationMessage {
  const message = value as RevocationMessage;
  return (
    typeof message?.userId === "string" &&
    Number.isInteger(message?.validAfter) &&
    (message.reinstate === undefined || typeof message.reinstate === "boolean")
  );
}

/** Upserted by `_id`: the entry lives as long as a token it refuses could (a bar, until it is lifted). */
async function recordRevocation(userId: string, validAfter: Date, maxTokenLifetimeSeconds: number): Promise<void> {
  const expiresAt = new Date(Math.min(validAfter.getTime() + maxTokenLifetimeSeconds * 1000, FOREVER * 1000));
  await RevocationModel.updateOne({ _id: userId }, { $set: { validAfter, expiresAt } }, { upsert: true });
}

/** Upgrading from a release that kept revocations on the users only: the recent ones, once per database. */
async function backfillRevocations(maxTokenLifetimeSeconds: number, logger: Logger): Promise<void> {
  await runOnce("revocations", logger, async () => {
    const horizon = new Date(Date.now() - maxTokenLifetimeSeconds * 1000);
    const users = await UserModel.find({ tokensValidAfter: mongoose.trusted({ $gt: horizon }) }).select({ tokensValidAfter: 1 }).lean();
    for (const user of users) await recordRevocation(user._id.toString(), user.tokensValidAfter, maxTokenLifetimeSeconds);
    return users.length;
  });
}

export async function startRevocations(options: RevocationOptions): Promise<Revocations> {
  const validAfter = new Map<string, number>();
  const listeners = new Set<RevocationListener>();
  const apply = ({ userId, validAfter: seconds, reinstate }: RevocationMessage) => {
    const current = validAfter.get(userId) ?? 0;
    if (reinstate && current === FOREVER && seconds < FOREVER) {
      validAfter.set(userId, seconds);
      return;
    }
    if (seconds <= current) return;
    validAfter.set(userId, seconds);
    for (const listener of listeners) listener(userId, seconds);
  };

  const resync = async () => {
    const horizon = Math.floor(Date.now() / 1000) - options.maxTokenLifetimeSeconds;
    for (const [userId, seconds] of validAfter) if (seconds <= horizon) validAfter.delete(userId);
    // The whole collection: only recent revocations are in it (entries past the horizon are swept or filtered
    // here). Read RESYNC_BATCH at a time, so that however many there are, no turn of the event loop decodes more.
    const revoked = RevocationModel.find({}).batchSize(RESYNC_BATCH).lean().cursor();
    // The database is the truth: a bar it no longer holds was lifted while this instance did not hear of it.
    for await (const entry of revoked) {
      const seconds = Math.floor(entry.validAfter.getTime() / 1000);
      if (seconds > horizon) apply({ userId: entry._id, validAfter: seconds, reinstate: true });
    }
  };
  await backfillRevocations(options.maxTokenLifetimeSeconds, options.logger);
  await resync();

  const log = options.logger.child({ component: "revocations" });
  // Redis down: the other instances learn a revocation at their next resync from the database, and this one
  // resyncs as soon as its subscriber is back, for the pushes it missed.
  const resyncNow = () => resync().catch((error: unknown) => log.warn({ err: error }, "revocation resync failed; will retry"));
  const channel = options.redisUrl
    ? await openRedisChannel({
        url: options.redisUrl,
        channel: CHANNEL,
        log,
        words: {
          publisherDown: "revocation push unavailable; other instances resync from the database",
          publisherUp: "revocation push connected",
          subscriberDown: "revocation channel unavailable; resyncing from the database",
          subscriberUp: "revocation channel connected",
          notPublished: "revocation not pushed; other instances learn it at their next resync",
        },
        onMessage(text) {
          try {
            const message: unknown = JSON.parse(text);
            if (!isRevocationMessage(message)) return;
            if (typeof message.sentAt === "number") options.onPropagated?.(Math.max(0, Date.now() - message.sentAt) / 1000);
            apply(message);
          } catch {
            log.warn("ignored a malformed revocation message");
          }
        },
        onSubscriberBack: () => void resyncNow(),
      })
    : undefined;
  const publish = async (message: RevocationMessage) => {
    const validAfterDate = new Date(message.validAfter * 1000);
    await UserModel.updateOne({ _id: message.userId }, { $set: { tokensValidAfter: validAfterDate } });
    await recordRevocation(message.userId, validAfterDate, options.maxTokenLifetimeSeconds);
    apply(message);
    await channel?.publish(JSON.stringify({ ...message, sentAt: Date.now() }));
    return message.validAfter;
  };
  const timer = setInterval(() => void resyncNow(), options.resyncMs);
  timer.unref();

  return {
    isRevoked(userId, issuedAtSeconds) {
      const after = validAfter.get(userId);
      return after !== undefined && issuedAtSeconds < after;
    },
    async revokeUser(userId) {
      // Rounded up: every token issued up to now has an `iat` below it, whatever the fraction of the second.
      return publish({ userId, validAfter: Math.ceil(Date.now() / 1000) });
    },
    async barUser(userId) {
      await publish({ userId, validAfter: FOREVER });
    },
    async reinstateUser(userId) {
      await publish({ userId, validAfter: Math.ceil(Date.now() / 1000), reinstate: true });
    },
    onRevoked(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    resync,
    async stop() {
      clearInterval(timer);
      channel?.stop();
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
