import mongoose from "mongoose";
import { ErrorCode, TesseraError } from "../errors.js";

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

const CURSOR_PREFIX = "c1:";

/** Cursors are opaque to clients: base64url of a versioned document id. */
export function encodeCursor(id: mongoose.Types.ObjectId | string): string {
  return Buffer.from(CURSOR_PREFIX + id.toString()).toString("base64url");
}

function badInput(message: string): TesseraError {
  return new TesseraError(ErrorCode.BAD_USER_INPUT, message);
}

export function decodeCursor(cursor: string): mongoose.Types.ObjectId {
  const text = cursor.length <= 64 ? Buffer.from(cursor, "base64url").toString() : "";
  const id = text.startsWith(CURSOR_PREFIX) ? text.slice(CURSOR_PREFIX.length) : "";
  if (!/^[0-9a-f]{24}$/.test(id)) throw badInput("after is not a valid cursor");
  return new mongoose.Types.ObjectId(id);
}

export interface PageRequest {
  limit: number;
  after?: mongoose.Types.ObjectId;
}

/** Validates `first` and `after` once, for every connection. */
export function pageRequest(first: number | null | undefined, after: string | null | undefined): PageRequest {
  const limit = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw badInput(`first must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  return { limit, after: after ? decodeCursor(after) : undefined };
}
