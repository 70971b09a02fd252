import DataLoader from "dataloader";
import mongoose from "mongoose";
import type { Viewer } from "../tokens/claims.js";
import { PostModel, type PostRecord } from "./post.model.js";
import { visiblePostsFilter } from "./post.visibility.js";

/** Posts by id among those the viewer may see, batched into one `find`; invisible or missing load as null. */
export function createPostByIdLoader(viewer: Viewer | null): DataLoader<string, PostRecord | null> {
  const visible = visiblePostsFilter(viewer);
  return new DataLoader(async (ids) => {
    const valid = ids.filter((id) => mongoose.isObjectIdOrHexString(id));
    const posts = valid.length
      ? await PostModel.find({ $and: [visible, { _id: mongoose.trusted({ $in: valid }) }] }).lean<PostRecord[]>()
      : [];
    const byId = new Map(posts.map((post) => [post._id.toString(), post]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}
