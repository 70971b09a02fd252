import type { AuthorizationContext } from "./authorization-context.js";
import type { Viewer } from "../tokens/claims.js";

const VIEWED_AS = Symbol("viewedAs");

/**
 * Marks an object as seen by a given viewer rather than the request's: the
 * user inside signIn's AuthPayload is seen by the account that just proved
 * its password, though the request itself carried no token. Only server code
 * can set it: a symbol never comes from JSON.
 */
export function viewedAs<T extends object>(object: T, viewer: Viewer): T {
  return Object.assign(object, { [VIEWED_AS]: viewer });
}

/** The viewer whose rules apply to a field of `parent`. */
export function viewerFor(parent: unknown, ctx: AuthorizationContext): Viewer | null {
  return (parent as { [VIEWED_AS]?: Viewer } | null)?.[VIEWED_AS] ?? ctx.viewer;
}
