import mongoose from "mongoose";
import type { Logger } from "../logger.js";
import { StartupError } from "../startup-error.js";

// Operators in user input never reach a query (security catalogue 30):
// sanitizeFilter wraps any `$`-key object in `$eq`, and strictQuery drops
// filter paths the schema does not declare.
mongoose.set("sanitizeFilter", true);
mongoose.set("strictQuery", true);
// Fail fast instead of queueing commands while the database is away.
mongoose.set("bufferCommands", false);
// Indexes are created explicitly at start (ensureIndexes), not lazily per model.
mongoose.set("autoIndex", false);

const PING_TIMEOUT_MS = 1_000;

/** Hides credentials before a URI is logged. */
export function redactUri(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, "//[credentials]@");
}

/**
 * How long an operation waits for a usable server before it fails with SERVICE_UNAVAILABLE (the driver's
 * default is 30 s). While the database is down, every request that needs data waits this long (a read in
 * flight when it died is retried once, and waits this long then): short, so such requests fail fast rather
 * than pile up (the outage test wants an answer within 2.5 s). A healthy server is selected at once. The
 * price: a replica-set election longer than this fails operations instead of delaying them.
 */
const SERVER_SELECTION_TIMEOUT_MS = 1_000;
/** How often the driver checks the server when no operation is waiting: a restarted database is noticed this soon. */
const HEARTBEAT_FREQUENCY_MS = 2_000;
/** At start, a database that is still coming up is waited for this long in all (attempts of SERVER_SELECTION_TIMEOUT_MS). */
const START_TIMEOUT_MS = 15_000;

const isServerSelectionError = (error: unknown) =>
  error instanceof Error && (error.name === "MongooseServerSelectionError" || error.name === "MongoServerSelectionError");

/**
 * Connects, saying first where and for how long: an unreachable server is otherwise 15 s of silence.
 * Failing, it names the database (credentials hidden) in one line.
 */
export async function connectDatabase(uri: string, { monitorCommands }: { monitorCommands: boolean }, logger: Logger): Promise<typeof mongoose> {
  const location = redactUri(uri);
  logger.info(`connecting to the database at ${location} (trying for up to ${START_TIMEOUT_MS / 1000} s)`);
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    try {
      return await mongoose.connect(uri, {
        serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS,
        heartbeatFrequencyMS: HEARTBEAT_FREQUENCY_MS,
        connectTimeoutMS: 5_000,
        // Multi-document transactions are not used: FerretDB does not serve them.
        retryWrites: false,
        // commandStarted events, for tests and the benchmark that count commands per request; off unless asked.
        monitorCommands,
      });
    } catch (error) {
      // Only "nothing answers yet" is retried; a bad URI or bad credentials fail the start at once.
      if (!isServerSelectionError(error) || Date.now() >= deadline) {
        const waited = isServerSelectionError(error) ? ` within ${START_TIMEOUT_MS / 1000} s` : "";
        throw new StartupError(`could not connect to the database at ${location}${waited}: ${(error as Error).message}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** True when the database answers a ping within a second. */
export async function isDatabaseReachable(): Promise<boolean> {
  const db = mongoose.connection.db;
  if (!db || mongoose.connection.readyState !== mongoose.ConnectionStates.connected) return false;
  try {
    await Promise.race([
      db.command({ ping: 1 }),
      new Promise((_, reject) => setTimeout(() => reject(new Error("ping timeout")), PING_TIMEOUT_MS).unref()),
    ]);
    return true;
  } catch {
    return false;
  }
}

export async function disconnectDatabase(): Promise<void> {
  await mongoose.disconnect();
}
