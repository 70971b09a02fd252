/**
 * Wraps `task` so that calls made while one is running share its promise. For refresh: refresh tokens work
 * once, and a second exchange of the same token is treated by the API as theft (the whole family is revoked),
 * so however many requests find their access token expired at once, they must wait for one exchange.
 */
export function singleFlight<T>(task: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | undefined;
  return () => {
    inFlight ??= task().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
}
