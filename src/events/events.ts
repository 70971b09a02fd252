import { z } from "zod";

/**
 * Everything published for subscriptions, by topic, with the shape of its
 * payload. Payloads carry ids only: each subscriber re-reads what its viewer
 * may see, so nothing a subscriber may not see travels with the event, and
 * nothing stale does. Payloads cross instances as JSON (through Redis), and
 * what arrives from there is checked against these schemas first.
 */
export const EVENT_SCHEMAS = {
  POST_PUBLISHED: z.object({ id: z.string().max(64) }),
};

export type Topic = keyof typeof EVENT_SCHEMAS;
export type EventPayload<T extends Topic> = z.infer<(typeof EVENT_SCHEMAS)[T]>;
/** What resolvers publish to and subscriptions listen on: one per instance, built at start. */
export interface EventBus {
  publish<T extends Topic>(topic: T, payload: EventPayload<T>): void;
  /** The topic's events from now on, until the stream is ended (return). */
  subscribe<T extends Topic>(topic: T): AsyncIterableIterator<EventPayload<T>>;
}
