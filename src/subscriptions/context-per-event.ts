import { randomUUID } from "node:crypto";
import { map, pipe } from "@graphql-yoga/subscription";
import { createSourceEventStream, execute, type ExecutionArgs, type ExecutionResult } from "graphql";
import { createContext, type Context } from "../context.js";
import type { Loaders } from "../loaders.js";

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof (value as AsyncIterable<unknown>)?.[Symbol.asyncIterator] === "function";
}

/**
 * graphql-js's `subscribe`, except that each event executes with a Context of
 * its own, as an HTTP request does: fresh loaders (a post published twice is
 * read twice, and nothing one event loaded is served to the next) and its own
 * request id. The subscription's Context, with the same viewer, runs the
 * field's `subscribe`.
 */
/**
 * The users one event's executions read, shared by every subscriber that hears it: a user record is the same for
 * all of them (field rules still decide, per viewer, what of it each one sees), so an event reads each user once
 * however large its audience. Keyed by the event's root value, which every subscriber receives as the same object.
 */
const usersByEvent = new WeakMap<object, Loaders["userById"]>();

export async function subscribeWithContextPerEvent(args: ExecutionArgs): Promise<AsyncIterable<ExecutionResult> | ExecutionResult> {
  const stream = await createSourceEventStream(args);
  if (!isAsyncIterable(stream)) return stream;
  const subscription = args.contextValue as Context;
  return pipe(
    stream,
    map(async (event) => {
      const requestId = randomUUID();
      const contextValue = createContext(subscription, {
        requestId,
        viewer: subscription.viewer,
        log: subscription.log.child({ requestId }),
        clientAddress: subscription.clientAddress,
        refreshTransport: subscription.auth.refreshTransport,
        proofKey: undefined,
      });
      if (typeof event === "object" && event !== null) {
        const shared = usersByEvent.get(event) ?? contextValue.loaders.userById;
        usersByEvent.set(event, shared);
        contextValue.loaders.userById = shared;
      }
      return execute({ ...args, rootValue: event, contextValue });
    }),
  );
}
