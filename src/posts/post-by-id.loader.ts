import DataLoader from "dataloader";
import mongoose from "mongoose";
import type { Viewer } from "../tokens/claims.js";
import { PostModel, type PostRecord } from "./post.model.js";
import { canSeePost } from "./post.visibility.js";

/** A post by `_id` alone: the lookup MongoDB and FerretDB both answer from the primary key, at any size. */
export function findPostById(id: string): Promise<PostRecord | null> {
  return mongoose.isObjectIdOrHexString(id) ? PostModel.findById(id).lean<PostRecord>().exec() : Promise.resolve(null);
}

/**
 * Posts by id among those the viewer may see; invisible or missing load as null. One `_id` lookup per post, not
 * one `$in` find with the visibility filter: FerretDB's SQLite backend pushes down only a lone `_id` equality, so
 * the batched find read the whole collection. Visibility is then decided by the same rule, in memory.
 */
export function createPostByIdLoader(viewer: Viewer | null): DataLoader<string, PostRecord | null> {
  return new DataLoader(async (ids) =>
    Promise.all(ids.map(async (id) => {
      const post = await findPostById(id);
      return post && canSeePost(viewer, post) ? post : null;
    })),
  );
}
