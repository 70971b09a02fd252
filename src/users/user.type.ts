import { Field, ID, ObjectType } from "type-graphql";
import { Auth, Public } from "../authorization/directive.js";
import { Role } from "../tokens/role.js";
import { ConnectionType } from "../pagination/connection.js";

@ObjectType("User", { description: "A person with an account." })
export class UserType {
  @Public()
  @Field(() => ID)
  id!: string;

  @Public()
  @Field()
  displayName!: string;

  @Auth({ owner: "id", or: { roles: [Role.ADMIN] } })
  @Field(() => String, { nullable: true, description: "Visible to the user themself and to ADMINs." })
  email?: string | null;

  @Auth({ owner: "id", or: { roles: [Role.ADMIN] } })
  @Field(() => [Role], { nullable: true, description: "Visible to the user themself and to ADMINs." })
  roles?: Role[] | null;

  @Public()
  @Field()
  createdAt!: Date;
}

export const UserConnection = ConnectionType(UserType, "User");
export type UserConnection = InstanceType<typeof UserConnection>;
