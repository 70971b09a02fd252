import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Auth, Public } from "../authorization/directive.js";
import { Role } from "../tokens/role.js";
import { ConnectionType } from "../pagination/connection.js";
import { PostStatus } from "./post.model.js";

registerEnumType(PostStatus, { name: "PostStatus", description: "DRAFT posts are visible only to their author and to EDITORs." });

@ObjectType("Post")
export class PostType {
  @Public()
  @Field(() => ID)
  id!: string;

  @Public()
  @Field()
  title!: string;

  @Public()
  @Field()
  body!: string;

  @Public()
  @Field(() => PostStatus)
  status!: PostStatus;

  /** Not in the schema: the author's id, for the `author` rule and the author field's resolver (PostResolver). */
  authorId!: string;

  @Auth({ roles: [Role.EDITOR] })
  @Field(() => String, { nullable: true, description: "Notes from the editor who published the post." })
  reviewNotes!: string | null;

  @Public()
  @Field()
  createdAt!: Date;

  @Public()
  @Field()
  updatedAt!: Date;
}

export const PostConnection = ConnectionType(PostType, "Post");
export type PostConnection = InstanceType<typeof PostConnection>;
