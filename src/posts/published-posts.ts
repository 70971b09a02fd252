import { filter, map, pipe } from "@graphql-yoga/subscription";
import type { Viewer } from "../tokens/claims.js";
import type { EventBus } from "../events/events.js";
import { createPostByIdLoader } from "./post-by-id.loader.js";
import type { PostRecord } from "./post.model.js";

/**
 * The posts named by POST_PUBLISHED events, each read afresh as `viewer` may
 * see it, through the same visibility filter as the `post` query: a post the
 * viewer may not see, or one deleted since, is skipped, so a draft never
 * reaches a subscriber who could not query it. One `find` per event per
 * subscriber; a loader per event, because a post published twice must be
 * read twice.
 */
export function publishedPostsVisibleTo(viewer: () => Viewer | null, events: EventBus): AsyncIterable<PostRecord> {
  return pipe(
    events.subscribe("POST_PUBLISHED"),
    // Asked per event: a connection handed a fresh token (its roles may have changed) sees as its new token allows.
    map(({ id }) => createPostByIdLoader(viewer()).load(id)),
    filter((post): post is PostRecord => post !== null),
  );
}
