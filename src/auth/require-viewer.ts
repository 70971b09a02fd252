import type { Context } from "../context.js";
import { ErrorCode, TesseraError } from "../errors.js";
import type { Viewer } from "./claims.js";

export function requireViewer(ctx: Context): Viewer {
  if (!ctx.viewer) throw new TesseraError(ErrorCode.UNAUTHENTICATED, "Sign in to do this");
  return ctx.viewer;
}
