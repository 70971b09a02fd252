import DataLoader from "dataloader";
import mongoose from "mongoose";
import type { Viewer } from "../tokens/claims.js";
import { pageQuery, toPage, type Page } from "../pagination/page-query.js";
import type { PageRequest } from "../pagination/cursor.js";
import { toPostType } from "./post.mapper.js";
import { PostModel, type PostRecord } from "./post.model.js";
import type { PostType } from "./post.type.js";
import { visiblePostsFilter } from "./post.visibility.js";

export interface PostsByAuthorKey {
  authorId: string;
  page: PageRequest;
}

export type PostPage = Page<PostType>;

/**
 * One page of an author's visible posts. Keys asking for the same page of the
 * same author are fetched once per request. Each distinct key is one `find`:
 * a per-author limit cannot be shared across authors in one find without
 * aggregation, which FerretDB only partly serves.
 */
export function createPostsByAuthorLoader(viewer: Viewer | null): DataLoader<PostsByAuthorKey, PostPage, string> {
  const visible = visiblePostsFilter(viewer);
  return new DataLoader(
    (keys) =>
      Promise.all(
        keys.map(async ({ authorId, page }) => {
          if (!mongoose.isObjectIdOrHexString(authorId)) return toPage<PostRecord, PostType>([], page, toPostType);
          const { filter, sort, limit } = pageQuery(page);
          const rows = await PostModel.find({ ...visible, ...filter, authorId }).sort(sort).limit(limit).lean<PostRecord[]>();
          return toPage(rows, page, toPostType);
        }),
      ),
    { cacheKeyFn: ({ authorId, page }) => `${authorId}:${page.limit}:${page.after ?? ""}` },
  );
}
