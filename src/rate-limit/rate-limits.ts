import { createHash } from "node:crypto";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Config } from "../config.js";
import { ErrorCode, TesseraError } from "../errors.js";
import type { Logger } from "../logger.js";
import { connectRedis } from "../redis/connect.js";
import { logOutages } from "../redis/outages.js";
import { normaliseEmail } from "../users/email.js";

const MINUTE = 60;

/**
 * Budgets, after OWASP's Authentication Cheat Sheet and rate-limiter-flexible's
 * login-protection recipe. Failed sign-ins are counted per account *and
 * address* first: one address is stopped after 5 guesses at an account, long
 * before the per-account budget (20, from any number of addresses) could
 * lock the account out for its owner.
 */
const BUDGETS = {
  signInByAddress: { points: 100, duration: 15 * MINUTE },
  signInFailuresByAccountAndAddress: { points: 5, duration: 15 * MINUTE, blockDuration: 15 * MINUTE },
  signInFailuresByAccount: { points: 20, duration: 15 * MINUTE, blockDuration: 15 * MINUTE },
  signUpByAddress: { points: 10, duration: 60 * MINUTE },
  refreshByAddress: { points: 60, duration: MINUTE },
  refreshByAccount: { points: 30, duration: MINUTE },
  changePasswordByAccount: { points: 5, duration: 15 * MINUTE },
  changePasswordByAddress: { points: 20, duration: 15 * MINUTE },
} as const;

type Budget = keyof typeof BUDGETS;

export interface RateLimits {
  /** Spends one point of each named budget for its key, or throws RATE_LIMITED (429). */
  consume(spend: Partial<Record<Budget, string>>): Promise<void>;
  /** Throws RATE_LIMITED when a budget for this key is already used up, without spending. */
  check(spend: Partial<Record<Budget, string>>): Promise<void>;
  /** Forgets the failures of a key (after a successful sign-in). */
  reset(spend: Partial<Record<Budget, string>>): Promise<void>;
  /** Gives back one point of each named budget: a reserved attempt that turned out not to count. */
  refund(spend: Partial<Record<Budget, string>>): Promise<void>;
  close(): Promise<void>;
}

/** Keys are hashed, so the limiter's store never holds an email address. */
export function accountKey(email: string): string {
  return createHash("sha256").update(normaliseEmail(email)).digest("base64url").slice(0, 22);
}

function rateLimited(retryAfterMs: number): TesseraError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new TesseraError(
    ErrorCode.RATE_LIMITED,
    `Too many attempts; try again in ${seconds} seconds`,
    { retryAfter: seconds },
    { status: 429, headers: new Map([["retry-after", String(seconds)]]) },
  );
}

const noLimits: RateLimits = { consume: async () => {}, check: async () => {}, reset: async () => {}, refund: async () => {}, close: async () => {} };

/**
 * In memory by default; in Redis when REDIS_URL is set, so every instance
 * shares the counts. If Redis stops answering, each instance falls back to
 * its own memory counts (insuranceLimiter) rather than failing open or closed.
 */
/** The action a budget limits, for metrics: signInByAddress and signInFailuresByAccount are both `signIn`. */
const actionOf = (budget: string) => budget.replace(/(Failures)?By\w+$/, "");

export async function createRateLimits(config: Config["rateLimits"], logger: Logger, onLimited: (action: string) => void = () => {}): Promise<RateLimits> {
  if (!config.enabled) return noLimits;
  const redis = config.redisUrl ? await connectRedis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 }) : undefined;
  if (redis) logOutages(redis, logger, { down: "rate-limit store unavailable; counting in memory", up: "rate-limit store connected" });
  const limiters = Object.fromEntries(
    Object.entries(BUDGETS).map(([name, budget]) => {
      const options = { keyPrefix: `tessera:rl:${name}`, ...budget };
      const memory = new RateLimiterMemory(options);
      const limiter: RateLimiterAbstract = redis ? new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter: memory }) : memory;
      return [name, limiter];
    }),
  ) as Record<Budget, RateLimiterAbstract>;

  const each = (spend: Partial<Record<Budget, string>>) => Object.entries(spend) as Array<[Budget, string]>;
  return {
    async consume(spend) {
      try {
        await Promise.all(each(spend).map(([budget, key]) => limiters[budget].consume(key)));
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        onLimited(actionOf(Object.keys(spend)[0]!));
        throw rateLimited(error.msBeforeNext);
      }
    },
    async check(spend) {
      for (const [budget, key] of each(spend)) {
        const state = await limiters[budget].get(key);
        if (state && state.remainingPoints <= 0 && state.msBeforeNext > 0) {
          onLimited(actionOf(budget));
          throw rateLimited(state.msBeforeNext);
        }
      }
    },
    async reset(spend) {
      await Promise.all(each(spend).map(([budget, key]) => limiters[budget].delete(key)));
    },
    async refund(spend) {
      await Promise.all(each(spend).map(([budget, key]) => limiters[budget].reward(key, 1)));
    },
    async close() {
      redis?.disconnect();
    },
  };
}
