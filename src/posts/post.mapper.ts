import type { PostRecord } from "./post.model.js";
import type { PostType } from "./post.type.js";

/** `author` is resolved by PostResolver through the users loader. */
export function toPostType(post: PostRecord): PostType {
  return {
    id: post._id.toString(),
    title: post.title,
    body: post.body,
    status: post.status as PostType["status"],
    authorId: post.authorId.toString(),
    reviewNotes: post.reviewNotes ?? null,
    createdAt: post.createdAt,
    updatedAt: post.updatedAt,
  };
}
