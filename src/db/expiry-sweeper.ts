import mongoose from "mongoose";
import type { Logger } from "../logger.js";
import type { ExpiryField } from "./indexes.js";

const SWEEP_INTERVAL_MS = 10 * 60 * 1000;
/** Expired documents read, then deleted, per step: what one step may cost however many have expired. */
export const SWEEP_BATCH = 100;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * One field's expired documents, deleted in steps of SWEEP_BATCH: their ids come from one cursor (read a batch at a
 * time), and each is deleted by `_id` alone, the filter FerretDB answers from the primary key. One `deleteMany`
 * by date held the database's write lock for the whole scan (3.7 s at 100k tokens), stalling every sign-in behind
 * it. Resolves to how many were deleted.
 */
export async function sweepExpired({ model, field }: ExpiryField, now: Date): Promise<number> {
  const expired = model.find({ [field]: mongoose.trusted({ $lt: now }) }).select({ _id: 1 }).batchSize(SWEEP_BATCH).lean().cursor();
  let ids: unknown[] = [];
  let deleted = 0;
  const deleteStep = async () => {
    const { deletedCount } = await model.bulkWrite(ids.map((_id) => ({ deleteOne: { filter: { _id } } })), { ordered: false });
    deleted += deletedCount;
    ids = [];
    await nextTurn();
  };
  for await (const { _id } of expired) {
    ids.push(_id);
    if (ids.length === SWEEP_BATCH) await deleteStep();
  }
  if (ids.length > 0) await deleteStep();
  return deleted;
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
