import { GraphQLJSONObject } from "graphql-scalars";
import { Field, ID, ObjectType } from "type-graphql";
import { Public } from "../authorization/directive.js";
import { Role } from "../tokens/role.js";

@ObjectType("Viewer", { description: "Who is asking, read from the verified access token alone." })
export class ViewerType {
  @Public()
  @Field(() => ID, {
    description:
      "The user id: our token's `sub`, or the user linked to another provider's identity. " +
      "For a provider whose users are not linked, its subject.",
  })
  id!: string;

  @Public()
  @Field({ description: "Who issued the access token: Tessera, or a trusted identity provider (the token's `iss`)." })
  issuer!: string;

  @Public()
  @Field({ description: "Whom the issuer's token names: its subject claim." })
  subject!: string;

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
