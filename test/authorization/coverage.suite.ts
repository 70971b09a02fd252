import { GraphQLEnumType, GraphQLSchema, specifiedDirectives } from "graphql";
import { buildSchema, Field, ObjectType, Query, Resolver } from "type-graphql";
import { createAuthDirectives, Public } from "../../src/authorization/directive.js";
import { findUnguardedFields } from "../../src/authorization/coverage.js";
import { buildTesseraSchema } from "../../src/schema.js";

export default function coverage(): void {
  const directivesOf = (schema: GraphQLSchema) => schema.getDirectives().filter((d) => !specifiedDirectives.includes(d));

  it("every field reachable from Query and Mutation carries an auth rule, its own or its type's", async () => {
    const schema = await buildTesseraSchema();
    expect(findUnguardedFields(schema, directivesOf(schema))).toEqual([]);
  });

  // Proves the walk above can fail: a schema with an unguarded root field and an unguarded type.
  @ObjectType("Secret")
  class Secret {
    @Field()
    value!: string;

    @Public()
    @Field()
    label!: string;
  }

  @Resolver()
  class LeakyResolver {
    @Query(() => Secret)
    secret(): Secret {
      return { value: "s", label: "l" };
    }

    @Public()
    @Query(() => String)
    hello(): string {
      return "hi";
    }
  }

  it("names each field that has no rule, so a forgotten @Auth fails the build", async () => {
    const built = await buildSchema({ resolvers: [LeakyResolver], validate: false });
    const directives = createAuthDirectives(new GraphQLEnumType({ name: "Role", values: { USER: {} } }));
    const schema = new GraphQLSchema({ ...built.toConfig(), directives: [...specifiedDirectives, ...directives] });
    expect(findUnguardedFields(schema, directives)).toEqual(["Query.secret", "Secret.value"]);
  });
}
