import type { AuthorizationContext } from "./authorization-context.js";
import { ErrorCode, TesseraError } from "../errors.js";
import type { Viewer } from "../tokens/claims.js";

export function requireViewer(ctx: AuthorizationContext): Viewer {
  if (!ctx.viewer) throw new TesseraError(ErrorCode.UNAUTHENTICATED, "Sign in to do this");
  return ctx.viewer;
}
