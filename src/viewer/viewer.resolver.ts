import { Ctx, Query, Resolver } from "type-graphql";
import type { Context } from "../context.js";
import { Public } from "../authorization/directive.js";
import { ViewerType } from "./viewer.type.js";

@Resolver()
export class ViewerResolver {
  @Public()
  @Query(() => ViewerType, { nullable: true, description: "Who is asking: null when anonymous. Answered from the token alone." })
  viewer(@Ctx() { viewer }: Context): ViewerType | null {
    if (!viewer) return null;
    const { id, issuer, subject, roles, scopes, expiresAt, claims } = viewer;
    return { id: id ?? subject, issuer, subject, roles, scopes, expiresAt, claims };
  }
}
