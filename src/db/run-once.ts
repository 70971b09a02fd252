import mongoose, { Schema } from "mongoose";
import type { Logger } from "../logger.js";

/** The one-off steps a database has been through, by name: an upgrade's backfills run once, not at every start. */
const MigrationModel = mongoose.model(
  "Migration",
  new Schema({ _id: { type: String, required: true }, doneAt: { type: Date, required: true } }, { versionKey: false }),
  "migrations",
);

/**
 * Runs `step` unless this database has run it before. Steps are idempotent, so two instances starting at once may
 * both run one; the first to finish records it.
 */
export async function runOnce(name: string, logger: Logger, step: () => Promise<number>): Promise<void> {
  if (await MigrationModel.exists({ _id: name })) return;
  const started = performance.now();
  const changed = await step();
  await MigrationModel.updateOne({ _id: name }, { $setOnInsert: { doneAt: new Date() } }, { upsert: true });
  logger.info({ migration: name, changed, durationMs: Math.round(performance.now() - started) }, "database migration done");
}
