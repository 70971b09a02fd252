import mongoose from "mongoose";
import { execute, parse } from "graphql";
import pino from "pino";
import { Field, ID, Mutation, ObjectType, Query, Resolver } from "type-graphql";
import type { Viewer } from "../../src/tokens/claims.js";
import { Auth, authTargetOf, Public } from "../../src/authorization/directive.js";
import { Role } from "../../src/tokens/role.js";
import { decide } from "../../src/authorization/rules.js";
import { buildTesseraSchema } from "../../src/schema.js";
import { printSdl } from "../../src/schema-sdl.js";

// Owner rules are typed against the object they judge, and named rules against the registry. `npm run build`
// type-checks this file, and each line marked as an expected error below must be one, or the build fails
// ("Unused '@ts-expect-error' directive"). So a rule on the wrong shape, an unregistered rule name, or a root
// owner rule without the loader of its object never compiles.

@ObjectType("Account")
export class Account {
  @Public()
  @Field(() => ID)
  id!: string;

  // The owner is the account itself: Account has the id the rule reads.
  @Auth({ owner: "id", or: { roles: [Role.ADMIN] } })
  @Field(() => String, { nullable: true })
  email!: string | null;

  // A named rule from the registry (src/authorization/rules.ts), decided from the claims.
  @Auth({ rule: "proPlan" })
  @Field(() => String, { nullable: true })
  invoiceAddress!: string | null;
}

@ObjectType("Note")
export class Note {
  // @ts-expect-error a named rule must be registered: "premium" is not.
  @Auth({ rule: "premium" })
  @Field(() => String, { nullable: true })
  badge!: string | null;

  // @ts-expect-error Note has no authorId for the owner rule to read.
  @Auth({ owner: "authorId" })
  @Field()
  text!: string;
}

/** A raw database record: its authorId is an ObjectId, which the rule compares by value. */
const loadRecord = async (_args: { id: string }) => ({ _id: new mongoose.Types.ObjectId(), authorId: new mongoose.Types.ObjectId() });

@Resolver()
export class NoteResolver {
  @Auth({ owner: "authorId", or: { roles: [Role.EDITOR] }, target: loadRecord })
  @Mutation(() => Boolean, { nullable: true })
  editNote(): boolean {
    return true;
  }

  // @ts-expect-error the loader resolves to a user ({ id }), not to something with an authorId.
  @Auth({ owner: "authorId", target: async () => ({ id: "u1" }) })
  @Mutation(() => Boolean, { nullable: true })
  deleteNote(): boolean {
    return true;
  }

  // @ts-expect-error a root field has no parent to judge: without a target, the owner rule does not compile.
  @Auth({ owner: "authorId" })
  @Mutation(() => Boolean, { nullable: true })
  archiveNote(): boolean {
    return true;
  }
}

it("the loader given as target is the one the owner rule is judged against, and a raw record's ObjectId matches its owner", async () => {
  const schema = await buildTesseraSchema();
  const updatePost = schema.getMutationType()!.getFields().updatePost!;
  expect(authTargetOf(updatePost)).toEqual(expect.any(Function));
  const record = await loadRecord({ id: "x" });
  const id = record.authorId.toHexString();
  const author: Viewer = { id, issuer: "i", subject: id, external: false, roles: [Role.USER], scopes: [], expiresAt: new Date(), issuedAt: new Date(), custom: {}, claims: {} };
  expect(decide(author, { owner: "authorId" }, record)).toEqual({ allowed: true });
});

@Resolver()
export class AccountResolver {
  @Public()
  @Query(() => Account, { nullable: true })
  account(): Account {
    return Object.assign(new Account(), { id: "u1", email: "u1@example.com", invoiceAddress: "1 Main Street" });
  }
}

function viewer(id: string, plan: "free" | "pro"): Viewer {
  return { id, issuer: "i", subject: id, external: false, roles: [Role.USER], scopes: ["profile"], expiresAt: new Date(), issuedAt: new Date(), custom: { plan }, claims: { plan } };
}

it("enforces an owner rule and a named rule of the registry on a schema built with them", async () => {
  const schema = await buildTesseraSchema({ extraResolvers: [AccountResolver] });
  const document = parse("{ account { id email invoiceAddress } }");
  const asViewer = (who: Viewer) => execute({ schema, document, contextValue: { viewer: who, log: pino({ enabled: false }) } });

  const owner = await asViewer(viewer("u1", "free"));
  expect(owner.data).toEqual({ account: { id: "u1", email: "u1@example.com", invoiceAddress: null } });
  expect(owner.errors?.map((error) => [error.path, error.extensions])).toEqual([
    [["account", "invoiceAddress"], { code: "FORBIDDEN", required: { rule: "proPlan" }, missing: "role-or-rule" }],
  ]);

  const proCustomer = await asViewer(viewer("u2", "pro"));
  expect(proCustomer.data).toEqual({ account: { id: "u1", email: null, invoiceAddress: "1 Main Street" } });
  expect(proCustomer.errors?.map((error) => [error.path, error.extensions])).toEqual([
    [["account", "email"], { code: "FORBIDDEN", required: { roles: [Role.ADMIN], owner: "id" }, missing: "role-or-rule" }],
  ]);
  // The SDL shows both, as a reviewer reads them.
  expect(printSdl(schema)).toContain('email: String @auth(owner: "id", roles: [ADMIN])');
  expect(printSdl(schema)).toContain('invoiceAddress: String @auth(rule: "proPlan")');
});
