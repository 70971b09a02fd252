import mongoose from "mongoose";
import type { Logger } from "../logger.js";
import type { ExpiryField } from "./indexes.js";

const SWEEP_INTERVAL_MS = 10 * 60 * 1000;

/** Deletes expired documents where the server has no TTL index; returns a stop function. */
export function startExpirySweeper(fields: ExpiryField[], logger: Logger): () => void {
  if (fields.length === 0) return () => {};
  const sweep = async () => {
    const now = new Date();
    for (const { model, field } of fields) {
      try {
        await model.deleteMany({ [field]: mongoose.trusted({ $lt: now }) });
      } catch (error) {
        logger.warn({ err: error, collection: model.collection.name }, "expiry sweep failed; will retry");
      }
    }
  };
  const timer = setInterval(sweep, SWEEP_INTERVAL_MS);
  timer.unref();
  void sweep();
  return () => clearInterval(timer);
}
