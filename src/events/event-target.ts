import type { Logger } from "../logger.js";

type Listener = ((event: Event) => void) | { handleEvent(event: Event): void };

/** Delivers an event to one listener; `deliver` never throws, whatever the listener does. */
export type LocalDelivery = (type: string, detail: unknown) => void;

/**
 * The EventTarget under createPubSub. Node's own would turn a listener's
 * exception into an uncaught exception, and a subscription's listener throws
 * when its client reads too slowly (the stream holds 1024 pending events at
 * most): one slow client must cost its own event, never the process.
 */
export function createLocalEventTarget(log: Logger): { target: EventTarget; deliver: LocalDelivery } {
  const listeners = new Map<string, Set<Listener>>();
  const deliver: LocalDelivery = (type, detail) => {
    const event = new CustomEvent(type, { detail });
    for (const listener of listeners.get(type) ?? []) {
      try {
        if (typeof listener === "function") listener(event);
        else listener.handleEvent(event);
      } catch (error) {
        log.warn({ err: error, topic: type }, "event not delivered to a subscriber that reads too slowly");
      }
    }
  };
  const target = {
    addEventListener(type: string, listener: Listener | null) {
      if (!listener) return;
      if (!listeners.has(type)) listeners.set(type, new Set());
      listeners.get(type)!.add(listener);
    },
    removeEventListener(type: string, listener: Listener | null) {
      if (listener) listeners.get(type)?.delete(listener);
      if (listeners.get(type)?.size === 0) listeners.delete(type);
    },
    dispatchEvent(event: Event) {
      deliver(event.type, (event as CustomEvent).detail);
      return true;
    },
  };
  return { target, deliver };
}
