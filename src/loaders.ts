import type DataLoader from "dataloader";
import type { Viewer } from "./tokens/claims.js";
import type { PostRecord } from "./posts/post.model.js";
import { createPostByIdLoader } from "./posts/post-by-id.loader.js";
import { createPostsByAuthorLoader, type PostPage, type PostsByAuthorKey } from "./posts/posts-by-author.loader.js";
import type { UserRecord } from "./users/user.model.js";
import { createUserByIdLoader } from "./users/user.loader.js";

/** Per request in the context and never shared across requests: each caches only what its request may see. */
export interface Loaders {
  /** Settable: one subscription event's executions share theirs (a user record is the same for every viewer). */
  userById: DataLoader<string, UserRecord | null>;
  readonly postById: DataLoader<string, PostRecord | null>;
  readonly postsByAuthor: DataLoader<PostsByAuthorKey, PostPage, string>;
}

/**
 * Each loader is made when a resolver first asks for it: one event fanned out to thousands of subscribers builds a
 * context per subscriber, and most of their selections read nothing. `deadline` (epoch ms) is the operation's: the
 * page queries stop there.
 */
export function createLoaders(viewer: Viewer | null, deadline: number): Loaders {
  let userById: Loaders["userById"] | undefined;
  let postById: Loaders["postById"] | undefined;
  let postsByAuthor: Loaders["postsByAuthor"] | undefined;
  return {
    get userById() {
      return (userById ??= createUserByIdLoader());
    },
    set userById(loader) {
      userById = loader;
    },
    get postById() {
      return (postById ??= createPostByIdLoader(viewer));
    },
    get postsByAuthor() {
      return (postsByAuthor ??= createPostsByAuthorLoader(viewer, deadline));
    },
  };
}
