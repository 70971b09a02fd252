import { AsyncLocalStorage } from "node:async_hooks";
import type { Aggregate, Query, Schema } from "mongoose";

/** The instant (epoch ms) by which the operation being resolved must be done, for the queries it starts. */
const deadlines = new AsyncLocalStorage<number>();

/** Runs `work` with `deadline` in force for every query it starts, however deep (loaders included). */
export function withDeadline<T>(deadline: number, work: () => T): T {
  return deadlines.run(deadline, work);
}

/** The server's code for a query stopped by maxTimeMS (MongoDB and FerretDB alike). */
export function isDeadlineExceeded(error: unknown): boolean {
  const { code, codeName } = (error ?? {}) as { code?: unknown; codeName?: unknown };
  return code === 50 || codeName === "MaxTimeMSExpired";
}

const READS_AND_WRITES =
  /^(find|findOne|countDocuments|estimatedDocumentCount|distinct|findOneAndUpdate|findOneAndDelete|findOneAndReplace|updateOne|updateMany|replaceOne|deleteOne|deleteMany)$/;

const timeLeft = (deadline: number) => Math.max(1, deadline - Date.now());

/**
 * A mongoose plugin: every query started within a deadline carries `maxTimeMS` for the time left, so the
 * database stops the work of an operation that ran out of time instead of finishing it for nobody.
 */
export function stopAtDeadline(schema: Schema): void {
  schema.pre(READS_AND_WRITES, function setMaxTime(this: Query<unknown, unknown>) {
    const deadline = deadlines.getStore();
    if (deadline !== undefined) this.maxTimeMS(timeLeft(deadline));
  });
  schema.pre("aggregate", function setMaxTime(this: Aggregate<unknown>) {
    const deadline = deadlines.getStore();
    if (deadline !== undefined) this.option({ maxTimeMS: timeLeft(deadline) });
  });
}
