import type { Logger } from "../logger.js";
import type { EventBus, EventPayload, Topic } from "./events.js";

/**
 * The most events one subscription holds for a client that reads too slowly: the next one is that client's loss,
 * never the process's memory.
 */
export const MAX_PENDING_EVENTS = 1024;

/** Hands an event to every subscriber of its topic on this instance; never throws. */
export type LocalDelivery = (topic: Topic, payload: unknown) => void;

export interface LocalEvents {
  deliver: LocalDelivery;
  subscribe: EventBus["subscribe"];
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * This instance's subscribers, by topic. Each subscription is a plain queue with at most one waiting `next`:
 * one event fanned out to ten thousand subscribers makes one resolved promise each, where a Repeater per
 * subscription (graphql-yoga's pub/sub) made several promises and closures each time.
 */
export function createLocalEvents(log: Logger): LocalEvents {
  const listeners = new Map<Topic, Set<(payload: unknown) => void>>();

  const deliver: LocalDelivery = (topic, payload) => {
    for (const listener of listeners.get(topic) ?? []) {
      try {
        listener(payload);
      } catch (error) {
        log.warn({ err: error, topic }, "event not delivered to a subscriber that reads too slowly");
      }
    }
  };

  function subscribe<T extends Topic>(topic: T): AsyncIterableIterator<EventPayload<T>> {
    const pending: EventPayload<T>[] = [];
    let waiting: ((step: IteratorResult<EventPayload<T>>) => void) | undefined;
    let ended = false;
    const listener = (payload: unknown) => {
      if (waiting) {
        const resolve = waiting;
        waiting = undefined;
        resolve({ done: false, value: payload as EventPayload<T> });
      } else if (pending.length >= MAX_PENDING_EVENTS) {
        throw new Error(`No more than ${MAX_PENDING_EVENTS} events wait for one subscriber`);
      } else {
        pending.push(payload as EventPayload<T>);
      }
    };
    const end = async (): Promise<IteratorReturnResult<undefined>> => {
      if (!ended) {
        ended = true;
        listeners.get(topic)?.delete(listener);
        if (listeners.get(topic)?.size === 0) listeners.delete(topic);
        pending.length = 0;
        waiting?.(DONE);
        waiting = undefined;
      }
      return DONE;
    };
    const stream: AsyncIterableIterator<EventPayload<T>> = {
      next() {
        if (pending.length > 0) return Promise.resolve({ done: false, value: pending.shift()! });
        if (ended) return Promise.resolve(DONE);
        return new Promise((resolve) => (waiting = resolve));
      },
      return: end,
      async throw(error: unknown) {
        await end();
        throw error;
      },
      [Symbol.asyncIterator]: () => stream,
    };
    if (!listeners.has(topic)) listeners.set(topic, new Set());
    listeners.get(topic)!.add(listener);
    return stream;
  }

  return { deliver, subscribe };
}
