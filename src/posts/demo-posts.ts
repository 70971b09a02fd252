import mongoose from "mongoose";
import type { Logger } from "../logger.js";
import { UserModel } from "../users/user.model.js";
import { PostModel, PostStatus } from "./post.model.js";

/** Development only, with the demo accounts: a few posts by each, so the playground's first query shows data. */
const DEMO_POSTS = [
  { author: "editor@tessera.dev", title: "Welcome to Tessera", body: "Every field says who may read it. Try `posts` signed out, then sign in.", status: PostStatus.PUBLISHED, reviewNotes: "Editor's pick." },
  { author: "editor@tessera.dev", title: "How field rules work", body: "`@Auth` and `@Public` are read back from the schema: see schema/auth-manifest.json.", status: PostStatus.PUBLISHED, reviewNotes: null },
  { author: "user@tessera.dev", title: "My first post", body: "Published by an editor after review.", status: PostStatus.PUBLISHED, reviewNotes: "Fine as it is." },
  { author: "user@tessera.dev", title: "A draft only I can see", body: "Drafts are visible to their author and to EDITORs.", status: PostStatus.DRAFT, reviewNotes: null },
  { author: "admin@tessera.dev", title: "Release notes", body: "Admins may read every user's email and roles.", status: PostStatus.PUBLISHED, reviewNotes: null },
  { author: "admin@tessera.dev", title: "An admin's draft", body: "Not published yet.", status: PostStatus.DRAFT, reviewNotes: null },
] as const;

/** Seeds the demo posts into a database that has the demo accounts and no posts. */
export async function seedDemoPosts(logger: Logger): Promise<void> {
  if ((await PostModel.estimatedDocumentCount()) > 0) return;
  const emails = mongoose.trusted({ $in: DEMO_POSTS.map((post) => post.author) });
  const authors = new Map((await UserModel.find({ email: emails }).lean()).map((user) => [user.email, user._id]));
  const posts = DEMO_POSTS.filter((post) => authors.has(post.author)).map(({ author, ...post }) => ({
    ...post,
    authorId: authors.get(author)!,
    ...(post.status === PostStatus.PUBLISHED ? { publishedAt: new Date() } : {}),
  }));
  await PostModel.insertMany(posts);
  logger.info({ posts: posts.length }, "seeded demo posts");
}
