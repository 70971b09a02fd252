import DataLoader from "dataloader";
import type { Viewer } from "../tokens/claims.js";
import type { Page } from "../pagination/page-query.js";
import type { PageRequest } from "../pagination/cursor.js";
import type { PostType } from "./post.type.js";
import { visiblePostsPage } from "./visible-posts-page.js";

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
export function createPostsByAuthorLoader(viewer: Viewer | null, deadline: number): DataLoader<PostsByAuthorKey, PostPage, string> {
  return new DataLoader(
    (keys) => Promise.all(keys.map(({ authorId, page }) => visiblePostsPage(viewer, deadline, page, { authorId }))),
    { cacheKeyFn: ({ authorId, page }) => `${authorId}:${page.limit}:${page.after ?? ""}` },
  );
}
