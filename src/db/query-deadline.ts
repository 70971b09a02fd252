/** The server's code for a query stopped by maxTimeMS (MongoDB and FerretDB alike). */
export function isDeadlineExceeded(error: unknown): boolean {
  const { code, codeName } = (error ?? {}) as { code?: unknown; codeName?: unknown };
  return code === 50 || codeName === "MaxTimeMSExpired";
}

/**
 * The `maxTimeMS` for a query an operation starts: the time left until its deadline (epoch ms), so the database
 * stops a scan the operation ran out of time for instead of finishing it for nobody. Only queries that may scan
 * take it: an `_id` equality is answered from the primary key on both backends. Passed explicitly, not through
 * AsyncLocalStorage, whose promise hooks cost every promise of every request on Node 20.
 */
export const timeLeftUntil = (deadline: number): number => Math.max(1, deadline - Date.now());
