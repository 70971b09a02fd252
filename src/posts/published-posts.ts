import type { Viewer } from "../tokens/claims.js";
import type { EventBus, EventPayload } from "../events/events.js";
import { SKIP, transformEvents } from "../events/transform-events.js";
import { findPostById } from "./post-by-id.loader.js";
import type { PostRecord } from "./post.model.js";
import { canSeePost } from "./post.visibility.js";

/**
 * Each event's post, read once however many subscribers hear it: every listener on this instance receives the
 * same payload object, so the read is shared by identity and dropped with the event.
 */
const reads = new WeakMap<EventPayload<"POST_PUBLISHED">, Promise<PostRecord | null>>();
function postOf(event: EventPayload<"POST_PUBLISHED">): Promise<PostRecord | null> {
  let read = reads.get(event);
  if (!read) {
    read = findPostById(event.id);
    reads.set(event, read);
  }
  return read;
}

/**
 * The posts named by POST_PUBLISHED events, as `viewer` may see them: the post is read afresh once per event
 * (a post deleted or unpublished since is skipped), then each subscriber's viewer is held to the same visibility
 * rule as the `post` query, so a draft never reaches a subscriber who could not query it. The database work of
 * an event does not grow with its audience.
 */
export function publishedPostsVisibleTo(viewer: () => Viewer | null, events: EventBus): AsyncIterable<PostRecord> {
  return transformEvents(events.subscribe("POST_PUBLISHED"), async (event) => {
    const post = await postOf(event);
    // Asked per event: a connection handed a fresh token (its roles may have changed) sees as its new token allows.
    return post !== null && canSeePost(viewer(), post) ? post : SKIP;
  });
}
