import mongoose from "mongoose";
import type { Logger } from "../logger.js";
import type { ExpiryField } from "./indexes.js";

const SWEEP_INTERVAL_MS = 10 * 60 * 1000;
/**
 * The most expired documents one step deletes. FerretDB's SQLite backend deletes what a `deleteMany` matched in
 * one statement, which takes at most 32,766 of them: a `deleteMany` of 35,000 is refused with "too many SQL
 * variables" (measured), and so was the sweeper, for good, once more than that had expired between two passes.
 */
export const SWEEP_STEP = 20_000;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * One field's expired documents, oldest first, at most `step` per step: a step reads the expiry of the `step`
 * oldest, then deletes by date up to the last of them. By date, not by id: FerretDB matches `$in`
 * against every document, one value at a time (10,000 ids took 8 s at 10,000 documents). Resolves to how many
 * were deleted.
 */
export async function sweepExpired({ model, field }: ExpiryField, now: Date, step = SWEEP_STEP): Promise<number> {
  let deleted = 0;
  for (;;) {
    const oldest = await model
      .find({ [field]: mongoose.trusted({ $lt: now }) })
      .select({ [field]: 1 })
      .sort({ [field]: 1 })
      .limit(step)
      .batchSize(1_000)
      .lean<Record<string, Date>[]>();
    if (oldest.length === 0) return deleted;
    const first = oldest[0]![field]!;
    const last = oldest.at(-1)![field]!;
    // All that expired fits in this step; or the step is one instant, which `$lt` would never get past.
    const upTo = oldest.length < step ? { $lt: now } : first.getTime() === last.getTime() ? { $lte: last } : { $lt: last };
    deleted += (await model.deleteMany({ [field]: mongoose.trusted(upTo) })).deletedCount;
    if (oldest.length < step) return deleted;
    await nextTurn();
  }
}

/** Deletes expired documents where the server has no TTL index; returns a stop function. */
export function startExpirySweeper(fields: ExpiryField[], logger: Logger): () => void {
  if (fields.length === 0) return () => {};
  let sweeping = false;
  const sweep = async () => {
    // A pass that outlasts the interval is not overlapped by the next.
    if (sweeping) return;
    sweeping = true;
    const now = new Date();
    for (const field of fields) {
      try {
        await sweepExpired(field, now);
      } catch (error) {
        logger.warn({ err: error, collection: field.model.collection.name }, "expiry sweep failed; will retry");
      }
    }
    sweeping = false;
  };
  const timer = setInterval(sweep, SWEEP_INTERVAL_MS);
  timer.unref();
  void sweep();
  return () => clearInterval(timer);
}
