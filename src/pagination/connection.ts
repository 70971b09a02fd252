import { Field, ObjectType, type ClassType } from "type-graphql";
import { Public } from "../authorization/directive.js";

@ObjectType("PageInfo")
export class PageInfo {
  @Public()
  @Field()
  hasNextPage!: boolean;

  @Public()
  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

/** Relay-style connection types for a node type: `${name}Connection` and `${name}Edge`. */
export function ConnectionType<T extends object>(nodeType: ClassType<T>, name: string) {

  @ObjectType(`${name}Edge`)
  class Edge {
    @Public()
    @Field({ description: "Opaque: pass it as `after` to fetch the next page." })
    cursor!: string;

    @Public()
    @Field(() => nodeType)
    node!: T;
  }

  @ObjectType(`${name}Connection`)
  class Connection {
    @Public()
    @Field(() => [Edge])
    edges!: Edge[];

    @Public()
    @Field(() => PageInfo)
    pageInfo!: PageInfo;
  }
  return Connection;
}
