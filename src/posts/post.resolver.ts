import mongoose from "mongoose";
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription, type SubscribeResolverData } from "type-graphql";
import { Auth, Public } from "../authorization/directive.js";
import { actingUserId } from "../users/acting-user.js";
import { Role } from "../tokens/role.js";
import type { Context } from "../context.js";
import { ErrorCode, TesseraError } from "../errors.js";
import { pageRequest } from "../pagination/cursor.js";
import { toUserType } from "../users/user.mapper.js";
import { UserType } from "../users/user.type.js";
import { parseInput } from "../validation.js";
import { toPostType } from "./post.mapper.js";
import { PostModel, PostStatus, type PostRecord } from "./post.model.js";
import { CreatePostInput, createPostSchema, reviewNotesSchema, UpdatePostInput, updatePostSchema } from "./post.inputs.js";
import { PostConnection, PostType } from "./post.type.js";
import { publishedPostsVisibleTo } from "./published-posts.js";
import { visiblePostsPage } from "./visible-posts-page.js";

/** Missing and invisible look the same: no hint whether a draft exists. */
function notFound(): TesseraError {
  return new TesseraError(ErrorCode.NOT_FOUND, "No such post");
}

async function findVisiblePost(ctx: Context, id: string): Promise<PostRecord> {
  const post = await ctx.loaders.postById.load(id);
  if (!post) throw notFound();
  return post;
}

/** The object the owner rule judges for updatePost and deletePost (loaded once: the loader caches it). */
const postArgument = (args: { id: string }, ctx: Context) => findVisiblePost(ctx, args.id).then(toPostType);

async function applyPostChanges(id: mongoose.Types.ObjectId, changes: Record<string, unknown>): Promise<PostType> {
  const updated = await PostModel.findByIdAndUpdate(id, { $set: changes }, { returnDocument: "after" }).lean<PostRecord>();
  if (!updated) throw notFound();
  return toPostType(updated);
}

@Resolver(() => PostType)
export class PostResolver {
  @Public()
  @Query(() => PostType, { nullable: true })
  async post(@Arg("id", () => ID) id: string, @Ctx() ctx: Context): Promise<PostType> {
    return toPostType(await findVisiblePost(ctx, id));
  }

  @Public()
  @Query(() => PostConnection, { nullable: true, description: "Posts the viewer may see, newest first." })
  async posts(
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Arg("authorId", () => ID, { nullable: true }) authorId: string | null,
    @Arg("status", () => PostStatus, { nullable: true }) status: PostStatus | null,
    @Ctx() ctx: Context,
  ) {
    return visiblePostsPage(ctx.viewer, ctx.deadline, pageRequest(first, after), { authorId, status });
  }

  @Public()
  @FieldResolver(() => UserType)
  async author(@Root() post: PostType, @Ctx() ctx: Context): Promise<UserType> {
    const author = await ctx.loaders.userById.load(post.authorId);
    if (!author) throw new Error(`post ${post.id} has no author ${post.authorId}`);
    return toUserType(author);
  }

  @Auth({ scopes: ["posts:write"] })
  @Mutation(() => PostType, { nullable: true, description: "Creates a DRAFT post by the viewer." })
  async createPost(@Arg("input", () => CreatePostInput) input: CreatePostInput, @Ctx() ctx: Context): Promise<PostType> {
    const { title, body } = parseInput(createPostSchema, input);
    const post = await PostModel.create({ title, body, authorId: await actingUserId(ctx), status: PostStatus.DRAFT });
    return toPostType(post.toObject());
  }

  @Auth({ owner: "authorId", or: { roles: [Role.EDITOR] }, scopes: ["posts:write"], target: postArgument })
  @Mutation(() => PostType, { nullable: true, description: "Edits a post: its author, or an EDITOR." })
  async updatePost(
    @Arg("id", () => ID) id: string,
    @Arg("input", () => UpdatePostInput) input: UpdatePostInput,
    @Ctx() ctx: Context,
  ): Promise<PostType> {
    const post = await findVisiblePost(ctx, id);
    const { title, body } = parseInput(updatePostSchema, input);
    return applyPostChanges(post._id, { ...(title != null ? { title } : {}), ...(body != null ? { body } : {}) });
  }

  @Auth({ scopes: ["posts:review"], roles: [Role.EDITOR] })
  @Mutation(() => PostType, { nullable: true, description: "Publishes a post, with optional notes for its author." })
  async publishPost(
    @Arg("id", () => ID) id: string,
    @Arg("reviewNotes", () => String, { nullable: true }) reviewNotes: string | null,
    @Ctx() ctx: Context,
  ): Promise<PostType> {
    const post = await findVisiblePost(ctx, id);
    const notes = parseInput(reviewNotesSchema, reviewNotes) ?? null;
    const published = await applyPostChanges(post._id, { status: PostStatus.PUBLISHED, reviewNotes: notes, publishedAt: new Date() });
    ctx.events.publish("POST_PUBLISHED", { id: published.id });
    return published;
  }

  // Public, like published posts in queries: anyone may subscribe, and each event is still read as the
  // viewer may see it, with every field rule (Post.reviewNotes: EDITOR) judged per event.
  @Public()
  @Subscription(() => PostType, {
    description: "Each post as it is published, as the viewer may see it.",
    subscribe: ({ context }: SubscribeResolverData<unknown, {}, Context>) => publishedPostsVisibleTo(() => context.viewer, context.events),
  })
  postPublished(@Root() post: PostRecord): PostType {
    return toPostType(post);
  }

  @Auth({ owner: "authorId", or: { roles: [Role.ADMIN] }, scopes: ["posts:write"], target: postArgument })
  @Mutation(() => Boolean, { nullable: true, description: "Deletes a post: its author, or an ADMIN." })
  async deletePost(@Arg("id", () => ID) id: string, @Ctx() ctx: Context): Promise<boolean> {
    const post = await findVisiblePost(ctx, id);
    await PostModel.deleteOne({ _id: post._id });
    return true;
  }
}
