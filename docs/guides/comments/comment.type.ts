import { Field, ID, ObjectType } from "type-graphql";
import { Auth, Public } from "../../../src/authorization/directive.js";
import { Role } from "../../../src/tokens/role.js";
import { ConnectionType } from "../../../src/pagination/connection.js";

@ObjectType("Comment")
export class CommentType {
  @Public()
  @Field(() => ID)
  id!: string;

  @Public()
  @Field()
  body!: string;

  /** Not in the schema: the `author` rule reads it (the rule's type says so, and the compiler checks it). */
  authorId!: string;

  @Auth({ roles: [Role.EDITOR] })
  @Field(() => String, { nullable: true, description: "A note from the moderators." })
  moderatorNote!: string | null;

  @Public()
  @Field()
  createdAt!: Date;
}

export const CommentConnection = ConnectionType(CommentType, "Comment");
export type CommentConnection = InstanceType<typeof CommentConnection>;

export function toCommentType(record: { _id: { toString(): string }; authorId: { toString(): string }; body: string; moderatorNote?: string | null; createdAt: Date }): CommentType {
  return { id: record._id.toString(), authorId: record.authorId.toString(), body: record.body, moderatorNote: record.moderatorNote ?? null, createdAt: record.createdAt };
}
