/** What a transform returns to drop an event: its subscriber never hears of it. */
export const SKIP = Symbol("skip");

/**
 * `source`'s events, each passed through `transform` (which may be async, or SKIP it), pulled one at a time as
 * the subscriber asks. A stream of streams costs nothing per layer but the transform itself: one event fanned out
 * to ten thousand subscribers passes through this ten thousand times, where a Repeater per layer (the pub/sub's
 * `map` and `filter`) made a queue, promises and closures each time. Ending it (return) ends `source` at once,
 * even while it waits for an event.
 */
export function transformEvents<T, U>(
  source: AsyncIterable<T>,
  transform: (event: T) => U | typeof SKIP | Promise<U | typeof SKIP>,
): AsyncIterableIterator<U> {
  const events = source[Symbol.asyncIterator]();
  const end = async (): Promise<IteratorResult<U>> => {
    await events.return?.();
    return { done: true, value: undefined };
  };
  const stream: AsyncIterableIterator<U> = {
    async next() {
      for (;;) {
        const step = await events.next();
        if (step.done) return step;
        const value = await transform(step.value);
        if (value !== SKIP) return { done: false, value };
      }
    },
    return: end,
    async throw(error: unknown) {
      await end();
      throw error;
    },
    [Symbol.asyncIterator]: () => stream,
  };
  return stream;
}
