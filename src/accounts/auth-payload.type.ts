import { Field, InputType, Int, ObjectType } from "type-graphql";
import { UserType } from "../users/user.type.js";
import { Public } from "../authorization/directive.js";

@ObjectType("AuthPayload", { description: "Tokens for a signed-in user. Send accessToken as `Authorization: Bearer`." })
export class AuthPayload {
  @Public()
  @Field({ description: "A JWT (RFC 9068) that authorizes requests until it expires." })
  accessToken!: string;

  @Public()
  @Field({
    description: '"DPoP" when the request carried a DPoP proof: the token is bound to its key and sent as `Authorization: DPoP`. Else "Bearer".',
  })
  tokenType!: string;

  @Public()
  @Field(() => Int, { description: "Seconds until the access token expires." })
  expiresIn!: number;

  @Public()
  @Field(() => String, {
    nullable: true,
    description:
      "Opaque, single-use: exchange it with refreshToken for new tokens. " +
      "null when REFRESH_TOKEN_TRANSPORT=cookie: the token is in an httpOnly cookie.",
  })
  refreshToken!: string | null;

  @Public()
  @Field({ description: "When the refresh token's family expires; rotation does not extend it." })
  refreshExpiresAt!: Date;

  @Public()
  @Field(() => UserType)
  user!: UserType;
}

@InputType("SignUpInput")
export class SignUpInput {
  @Field()
  email!: string;

  @Field({ description: "8 to 128 characters; any characters." })
  password!: string;

  @Field()
  displayName!: string;
}
