import { Field, ObjectType, type ClassType } from "type-graphql";
import { Public } from "../auth/directive.js";

@Public()
@ObjectType("PageInfo")
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

/** Relay-style connection types for a node type: `${name}Connection` and `${name}Edge`. */
export function ConnectionType<T extends object>(nodeType: ClassType<T>, name: string) {
  @Public()
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field({ description: "Opaque: pass it as `after` to fetch the next page." })
    cursor!: string;

    @Field(() => nodeType)
    node!: T;
  }

  @Public()
  @ObjectType(`${name}Connection`)
  class Connection {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;
  }
  return Connection;
}
