import mongoose from "mongoose";
import { z } from "zod";
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from "type-graphql";
import { Auth, Public } from "../../../src/authorization/directive.js";
import { actingUserId } from "../../../src/users/acting-user.js";
import { Role } from "../../../src/tokens/role.js";
import type { Context } from "../../../src/context.js";
import { ErrorCode, TesseraError } from "../../../src/errors.js";
import { pageRequest } from "../../../src/pagination/cursor.js";
import { pageQuery, toPage } from "../../../src/pagination/page-query.js";
import { PostType } from "../../../src/posts/post.type.js";
import { parseInput } from "../../../src/validation.js";
import { CommentModel, type CommentRecord } from "./comment.model.js";
import { CommentConnection, CommentType, toCommentType } from "./comment.type.js";

const notFound = () => new TesseraError(ErrorCode.NOT_FOUND, "No such comment");

/** The object deleteComment's `author` rule judges: loaded from the arguments, before the resolver runs. */
async function commentArgument(args: { id: string }): Promise<CommentRecord> {
  const comment = mongoose.isObjectIdOrHexString(args.id) ? await CommentModel.findById(args.id).lean<CommentRecord>() : null;
  if (!comment) throw notFound();
  return comment;
}

@Resolver(() => PostType)
export class CommentResolver {
  @Public()
  @FieldResolver(() => CommentConnection, { nullable: true, description: "Comments on the post, newest first." })
  async comments(
    @Root() post: PostType,
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
  ) {
    const page = pageRequest(first, after);
    const { filter, sort, limit } = pageQuery(page);
    const rows = await CommentModel.find({ ...filter, postId: post.id }).sort(sort).limit(limit).lean<CommentRecord[]>();
    return toPage(rows, page, toCommentType);
  }

  @Auth({ scopes: ["posts:write"] })
  @Mutation(() => CommentType, { nullable: true, description: "Comments on a post the viewer can see." })
  async addComment(@Arg("postId", () => ID) postId: string, @Arg("body") body: string, @Ctx() ctx: Context): Promise<CommentType> {
    const post = await ctx.loaders.postById.load(postId);
    if (!post) throw new TesseraError(ErrorCode.NOT_FOUND, "No such post");
    const input = parseInput(z.object({ body: z.string().trim().min(1).max(2_000) }), { body });
    const created = await CommentModel.create({ postId: post._id, authorId: await actingUserId(ctx), body: input.body });
    return toCommentType(created);
  }

  // Its author, or an ADMIN. The target's type must have an authorId: a loader of anything else does not compile.
  @Auth({ owner: "authorId", or: { roles: [Role.ADMIN] }, scopes: ["posts:write"], target: commentArgument })
  @Mutation(() => Boolean, { nullable: true, description: "Deletes a comment: its author, or an ADMIN." })
  async deleteComment(@Arg("id", () => ID) id: string): Promise<boolean> {
    await CommentModel.deleteOne({ _id: id });
    return true;
  }
}
