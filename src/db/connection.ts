import mongoose from "mongoose";

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

export async function connectDatabase(uri: string): Promise<typeof mongoose> {
  return mongoose.connect(uri, {
    serverSelectionTimeoutMS: 5_000,
    connectTimeoutMS: 5_000,
    // Multi-document transactions are not used: FerretDB does not serve them.
    retryWrites: false,
    // Emits commandStarted events, so tests and the benchmark can count database commands per request.
    monitorCommands: true,
  });
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
