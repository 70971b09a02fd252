import type { Viewer } from "./tokens/claims.js";
import { createPostByIdLoader } from "./posts/post-by-id.loader.js";
import { createPostsByAuthorLoader } from "./posts/posts-by-author.loader.js";
import { createUserByIdLoader } from "./users/user.loader.js";

/** Built per request in the context and never shared: each caches only what its request may see. */
export function createLoaders(viewer: Viewer | null) {
  return {
    userById: createUserByIdLoader(),
    postById: createPostByIdLoader(viewer),
    postsByAuthor: createPostsByAuthorLoader(viewer),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
