import { randomUUID } from "node:crypto";
import { createSourceEventStream, execute, type ExecutionArgs, type ExecutionResult } from "graphql";
import { createContext, type Context } from "../context.js";
import { transformEvents } from "../events/transform-events.js";
import type { Loaders } from "../loaders.js";
import type { Logger } from "../logger.js";

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof (value as AsyncIterable<unknown>)?.[Symbol.asyncIterator] === "function";
}

/**
 * The users one event's executions read, shared by every subscriber that hears it: a user record is the same for
 * all of them (field rules still decide, per viewer, what of it each one sees), so an event reads each user once
 * however large its audience. Keyed by the event's root value, which every subscriber receives as the same object.
 */
const usersByEvent = new WeakMap<object, Loaders["userById"]>();

/**
 * An event's request id, and the logger that carries it, made when first read: most events log nothing, and one
 * event fanned out to thousands of subscribers should not make thousands of loggers nobody writes to.
 */
function identifyWhenAsked(context: Context, subscriptionLog: Logger): void {
  let requestId: string | undefined;
  let log: Logger | undefined;
  Object.defineProperties(context, {
    requestId: { get: () => (requestId ??= randomUUID()) },
    log: { get: () => (log ??= subscriptionLog.child({ requestId: context.requestId })) },
  });
}

/**
 * graphql-js's `subscribe`, except that each event executes with a Context of
 * its own, as an HTTP request does: fresh loaders (a post published twice is
 * read twice, and nothing one event loaded is served to the next) and its own
 * request id. The subscription's Context, with the same viewer, runs the
 * field's `subscribe`.
 */
export async function subscribeWithContextPerEvent(args: ExecutionArgs): Promise<AsyncIterable<ExecutionResult> | ExecutionResult> {
  const stream = await createSourceEventStream(args);
  if (!isAsyncIterable(stream)) return stream;
  const subscription = args.contextValue as Context;
  return transformEvents(stream, (event) => {
    const contextValue = createContext(subscription, {
      requestId: "",
      viewer: subscription.viewer,
      log: subscription.log,
      clientAddress: subscription.clientAddress,
      refreshTransport: subscription.auth.refreshTransport,
      proofKey: undefined,
    });
    identifyWhenAsked(contextValue, subscription.log);
    if (typeof event === "object" && event !== null) {
      const shared = usersByEvent.get(event) ?? contextValue.loaders.userById;
      usersByEvent.set(event, shared);
      contextValue.loaders.userById = shared;
    }
    return execute({ ...args, rootValue: event, contextValue });
  });
}
