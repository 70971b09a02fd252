import mongoose from "mongoose";
import { timeLeftUntil } from "../db/query-deadline.js";
import type { Viewer } from "../tokens/claims.js";
import type { PageRequest } from "../pagination/cursor.js";
import { pageQuery, toPage, type Page } from "../pagination/page-query.js";
import { toPostType } from "./post.mapper.js";
import { PostModel, type PostRecord, type PostStatus } from "./post.model.js";
import type { PostType } from "./post.type.js";
import { visiblePostsFilter } from "./post.visibility.js";

export interface PostsNarrowedTo {
  authorId?: string | null;
  status?: PostStatus | null;
}

/**
 * One page, newest first, of the posts the viewer may see, narrowed to an author or a status: the one query
 * behind `posts` and `User.posts`. Narrowing is `$and`ed with visibility, so a caller's `status` can only
 * narrow what the viewer sees, never replace the visibility filter's own `status`. The query stops at the
 * operation's `deadline` (epoch ms).
 */
export async function visiblePostsPage(
  viewer: Viewer | null,
  deadline: number,
  page: PageRequest,
  { authorId, status }: PostsNarrowedTo = {},
): Promise<Page<PostType>> {
  if (authorId != null && !mongoose.isObjectIdOrHexString(authorId)) return toPage<PostRecord, PostType>([], page, toPostType);
  const { filter, sort, limit } = pageQuery(page);
  const narrowed = { ...filter, ...(authorId != null ? { authorId } : {}), ...(status != null ? { status } : {}) };
  const rows = await PostModel.find({ $and: [visiblePostsFilter(viewer), narrowed] }).sort(sort).limit(limit).maxTimeMS(timeLeftUntil(deadline)).lean<PostRecord[]>();
  return toPage(rows, page, toPostType);
}
