import mongoose from "mongoose";
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { z } from "zod";
import { Auth, Public } from "../authorization/directive.js";
import { endEverySession } from "../sessions/end-every-session.js";
import { setAccountDisabled } from "../sessions/set-account-disabled.js";
import { requireViewer } from "../authorization/require-viewer.js";
import { ALL_ROLES, Role } from "../tokens/role.js";
import type { Context } from "../context.js";
import { timeLeftUntil } from "../db/query-deadline.js";
import { ErrorCode, TesseraError } from "../errors.js";
import { pageQuery, toPage } from "../pagination/page-query.js";
import { pageRequest } from "../pagination/cursor.js";
import { PostConnection } from "../posts/post.type.js";
import { parseInput } from "../validation.js";
import { actingUserId } from "./acting-user.js";
import { updateUser } from "./update-user.js";
import { toUserType } from "./user.mapper.js";
import { UserModel, type UserRecord } from "./user.model.js";
import { UserConnection, UserType } from "./user.type.js";

const rolesSchema = z.array(z.enum(ALL_ROLES as [Role, ...Role[]])).min(1, "give at least one role").max(ALL_ROLES.length);

function notFound(): TesseraError {
  return new TesseraError(ErrorCode.NOT_FOUND, "No such user");
}

@Resolver(() => UserType)
export class UserResolver {
  @Auth()
  @Query(() => UserType, { nullable: true, description: "The signed-in user's account." })
  async me(@Ctx() ctx: Context): Promise<UserType | null> {
    if (requireViewer(ctx).id === null) return null;
    const user = await ctx.loaders.userById.load(await actingUserId(ctx));
    return user && toUserType(user);
  }

  @Public()
  @Query(() => UserType, { nullable: true })
  async user(@Arg("id", () => ID) id: string, @Ctx() ctx: Context): Promise<UserType> {
    const user = await ctx.loaders.userById.load(id);
    if (!user) throw notFound();
    return toUserType(user);
  }

  @Auth({ scopes: ["users:admin"], roles: [Role.ADMIN] })
  @Query(() => UserConnection, { nullable: true, description: "Every account, newest first." })
  async users(
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Context,
  ): Promise<UserConnection> {
    const page = pageRequest(first, after);
    const { filter, sort, limit } = pageQuery(page);
    const rows = await UserModel.find(filter).sort(sort).limit(limit).maxTimeMS(timeLeftUntil(ctx.deadline)).lean<UserRecord[]>();
    return toPage(rows, page, toUserType);
  }

  @Auth({ scopes: ["users:admin"], roles: [Role.ADMIN] })
  @Mutation(() => UserType, { nullable: true, description: "Replaces a user's roles. Tokens carry the new roles from the user's next refresh." })
  async setUserRoles(
    @Arg("userId", () => ID) userId: string,
    @Arg("roles", () => [Role]) roles: Role[],
  ): Promise<UserType> {
    const valid = parseInput(z.object({ roles: rolesSchema }), { roles }).roles;
    if (!mongoose.isObjectIdOrHexString(userId)) throw notFound();
    const user = await updateUser(userId, { roles: [...new Set(valid)] });
    if (!user) throw notFound();
    return toUserType(user);
  }

  @Auth({ scopes: ["users:admin"], roles: [Role.ADMIN] })
  @Mutation(() => Boolean, { nullable: true, description: "Signs a user out everywhere: every refresh token and every access token they hold." })
  async revokeSessions(@Arg("userId", () => ID) userId: string, @Ctx() ctx: Context): Promise<boolean> {
    if (!mongoose.isObjectIdOrHexString(userId) || !(await UserModel.exists({ _id: userId }))) throw notFound();
    await endEverySession(userId, ctx.auth.revocations);
    return true;
  }

  @Auth({ scopes: ["users:admin"], roles: [Role.ADMIN] })
  @Mutation(() => UserType, { nullable: true, description: "Disables (or enables) an account. Disabling signs it out everywhere at once." })
  async setUserDisabled(
    @Arg("userId", () => ID) userId: string,
    @Arg("disabled", () => Boolean) disabled: boolean,
    @Ctx() ctx: Context,
  ): Promise<UserType> {
    if (!mongoose.isObjectIdOrHexString(userId)) throw notFound();
    const user = await setAccountDisabled(userId, disabled, ctx.auth.revocations);
    if (!user) throw notFound();
    return toUserType(user);
  }

  @Public()
  @FieldResolver(() => PostConnection, { nullable: true, description: "The user's posts that the viewer may see, newest first." })
  posts(
    @Root() user: UserType,
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.loaders.postsByAuthor.load({ authorId: user.id, page: pageRequest(first, after) });
  }
}
