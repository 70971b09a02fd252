import mongoose from "mongoose";
import { Field, ID, Mutation, ObjectType, Resolver } from "type-graphql";
import { Auth, authTargetOf, Public } from "../../src/auth/directive.js";
import { Role } from "../../src/auth/role.js";
import { decide } from "../../src/auth/rules.js";
import { buildTesseraSchema } from "../../src/schema.js";

// Named rules are typed against the object they judge. `npm run build` type-checks this file, and each line
// marked as an expected error below must be one, or the build fails ("Unused '@ts-expect-error' directive").
// So a rule on the wrong shape, or a root rule without the loader of its object, never compiles.

@ObjectType("Account")
export class Account {
  @Public()
  @Field(() => ID)
  id!: string;

  // "self" reads the object's id, which Account has.
  @Auth({ rule: "self", roles: [Role.ADMIN] })
  @Field(() => String, { nullable: true })
  email!: string | null;
}

@ObjectType("Note")
export class Note {
  // @ts-expect-error "author" reads authorId, which Note does not have.
  @Auth({ rule: "author" })
  @Field()
  text!: string;
}

/** A raw database record: its authorId is an ObjectId, which the rule compares by value. */
const loadRecord = async (_args: { id: string }) => ({ _id: new mongoose.Types.ObjectId(), authorId: new mongoose.Types.ObjectId() });

@Resolver()
export class NoteResolver {
  @Auth({ rule: "author", roles: [Role.EDITOR], target: loadRecord })
  @Mutation(() => Boolean, { nullable: true })
  editNote(): boolean {
    return true;
  }

  // @ts-expect-error the loader resolves to a user ({ id }), not to something with an authorId.
  @Auth({ rule: "author", target: async () => ({ id: "u1" }) })
  @Mutation(() => Boolean, { nullable: true })
  deleteNote(): boolean {
    return true;
  }

  // @ts-expect-error a root field has no parent to judge: without a target, the rule does not compile.
  @Auth({ rule: "author" })
  @Mutation(() => Boolean, { nullable: true })
  archiveNote(): boolean {
    return true;
  }
}

it("the loader given as target is the one the rule is judged against, and a raw record's ObjectId matches its author", async () => {
  const schema = await buildTesseraSchema();
  const updatePost = schema.getMutationType()!.getFields().updatePost!;
  expect(authTargetOf(updatePost)).toEqual(expect.any(Function));
  const record = await loadRecord({ id: "x" });
  const author = { id: record.authorId.toHexString(), roles: [Role.USER], scopes: [], expiresAt: new Date(), issuedAt: new Date(), claims: {} as never };
  expect(decide(author, { rule: "author" }, record)).toEqual({ allowed: true });
});
