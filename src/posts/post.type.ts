import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Auth, Public } from "../auth/directive.js";
import { Role } from "../auth/role.js";
import { ConnectionType } from "../pagination/connection.js";
import { UserType } from "../users/user.type.js";
import { PostStatus } from "./post.model.js";

registerEnumType(PostStatus, { name: "PostStatus", description: "DRAFT posts are visible only to their author and to EDITORs." });

@Public()
@ObjectType("Post")
export class PostType {
  @Field(() => ID)
  id!: string;

  @Field()
  title!: string;

  @Field()
  body!: string;

  @Field(() => PostStatus)
  status!: PostStatus;

  /** Not in the schema: the author's id, for the `author` rule and the author field's loader. */
  authorId!: string;

  @Field(() => UserType)
  author!: UserType;

  @Auth({ roles: [Role.EDITOR] })
  @Field(() => String, { nullable: true, description: "Notes from the editor who published the post." })
  reviewNotes!: string | null;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

export const PostConnection = ConnectionType(PostType, "Post");
export type PostConnection = InstanceType<typeof PostConnection>;
