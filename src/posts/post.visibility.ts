import mongoose from "mongoose";
import type { Viewer } from "../tokens/claims.js";
import { holdsRole, Role } from "../tokens/role.js";
import { PostStatus } from "./post.model.js";

/**
 * Which posts a viewer may see, as a database filter, so that pages are full
 * and nothing invisible is ever loaded: published posts, plus their own drafts,
 * plus every draft for EDITORs.
 */
export function visiblePostsFilter(viewer: Viewer | null): Record<string, unknown> {
  if (viewer && holdsRole(viewer, Role.EDITOR)) return {};
  if (!viewer?.id || !mongoose.isObjectIdOrHexString(viewer.id)) return { status: PostStatus.PUBLISHED };
  // A top-level $or is ours, not user input: sanitizeFilter still checks the values inside it.
  return { $or: [{ status: PostStatus.PUBLISHED }, { authorId: new mongoose.Types.ObjectId(viewer.id) }] };
}

/**
 * The same rule as visiblePostsFilter, for one post already read: used where a post is read by `_id` alone (the
 * one lookup every backend serves from its primary key) and for subscriptions, which read a post once per event
 * and decide for each subscriber here.
 */
export function canSeePost(viewer: Viewer | null, post: { status: string; authorId: { toString(): string } }): boolean {
  if (post.status === PostStatus.PUBLISHED) return true;
  if (viewer && holdsRole(viewer, Role.EDITOR)) return true;
  return viewer?.id != null && post.authorId.toString() === viewer.id;
}
