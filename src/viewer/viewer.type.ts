import { GraphQLJSONObject } from "graphql-scalars";
import { Field, ID, ObjectType } from "type-graphql";
import { Public } from "../authorization/directive.js";
import { Role } from "../tokens/role.js";

@ObjectType("Viewer", { description: "Who is asking, read from the verified access token alone." })
export class ViewerType {
  @Public()
  @Field(() => ID, { description: "The user id (the token's `sub`)." })
  id!: string;

  @Public()
  @Field(() => [Role])
  roles!: Role[];

  @Public()
  @Field(() => [String], { description: "The token's `scope`, split on spaces." })
  scopes!: string[];

  @Public()
  @Field({ description: "When the access token expires." })
  expiresAt!: Date;

  @Public()
  @Field(() => GraphQLJSONObject, { description: "Every verified claim of the access token." })
  claims!: Record<string, unknown>;
}
