import { Field, ID, ObjectType } from "type-graphql";
import { Role } from "../auth/role.js";

@ObjectType("User", { description: "A person with an account." })
export class UserType {
  @Field(() => ID)
  id!: string;

  @Field()
  displayName!: string;

  @Field(() => String, { nullable: true, description: "Visible to the user themself and to ADMINs." })
  email?: string | null;

  @Field(() => [Role], { nullable: true, description: "Visible to the user themself and to ADMINs." })
  roles?: Role[] | null;

  @Field()
  createdAt!: Date;
}
