import mongoose from "mongoose";
import type { PageInfo } from "./connection.js";
import { encodeCursor, type PageRequest } from "./cursor.js";

export interface Page<T> {
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: PageInfo;
}

/** Keyset pagination, newest first: the filter and sort that fetch one page (plus one row to learn hasNextPage). */
export function pageQuery(page: PageRequest) {
  return {
    filter: page.after ? { _id: mongoose.trusted({ $lt: page.after }) } : {},
    sort: { _id: -1 as const },
    limit: page.limit + 1,
  };
}

/** Turns the rows fetched with pageQuery into a page. */
export function toPage<D extends { _id: mongoose.Types.ObjectId }, T>(rows: D[], page: PageRequest, toNode: (row: D) => T): Page<T> {
  const visible = rows.slice(0, page.limit);
  const edges = visible.map((row) => ({ cursor: encodeCursor(row._id), node: toNode(row) }));
  return { edges, pageInfo: { hasNextPage: rows.length > page.limit, endCursor: edges.at(-1)?.cursor ?? null } };
}
