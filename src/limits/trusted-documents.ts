import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { REFRESH_SESSION } from "@tessera/client";
import type { GraphQLError } from "graphql";
import { ErrorCode, TesseraError } from "../errors.js";
import { ConfigError } from "../config.js";
import { holdsRole, type Role } from "../tokens/role.js";
import type { Viewer } from "../tokens/claims.js";

/**
 * Trusted documents (safelisting): with TRUSTED_DOCUMENTS_FILE set, the API runs only the operations its own apps
 * ship, listed in the manifest GraphQL Code Generator's client preset writes (hash → text; `npm run codegen`
 * keeps examples/web's in sync). @tessera/client's own operation (the refresh) is always trusted.
 */
export interface TrustedDocuments {
  /** The text of the trusted document with this sha256 (hex), for Apollo's persisted-query lookup. */
  textOf(hash: string): string | undefined;
  isTrusted(operation: { query?: string; hash?: string }): boolean;
  /** The names of the trusted operations: the only ones metrics label by name. */
  operationNames: ReadonlySet<string>;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

export function loadTrustedDocuments(file: string): TrustedDocuments {
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new ConfigError(`TRUSTED_DOCUMENTS_FILE: cannot read ${file} as JSON (${(error as Error).message})`);
  }
  if (typeof manifest !== "object" || manifest === null || Array.isArray(manifest)) {
    throw new ConfigError(`TRUSTED_DOCUMENTS_FILE: ${file} must be an object of "sha256:<hash>": "<document>"`);
  }
  const documents = new Map<string, string>([[sha256(REFRESH_SESSION), REFRESH_SESSION]]);
  for (const [key, text] of Object.entries(manifest)) {
    const hash = key.replace(/^sha256:/, "");
    if (typeof text !== "string" || hash !== sha256(text)) {
      throw new ConfigError(`TRUSTED_DOCUMENTS_FILE: in ${file}, the entry ${JSON.stringify(key)} is not the sha256 of its document`);
    }
    documents.set(hash, text);
  }
  const operationNames = new Set([...documents.values()].flatMap((text) => [...text.matchAll(/\b(?:query|mutation|subscription)\s+(\w+)/g)].map((match) => match[1]!)));
  return {
    operationNames,
    textOf: (hash) => documents.get(hash),
    isTrusted: ({ query, hash }) =>
      hash !== undefined ? documents.has(hash) && (query === undefined || documents.get(hash) === query) : query !== undefined && documents.has(sha256(query)),
  };
}

/**
 * Apollo's persisted-query cache over the manifest: a hash-only request finds its document there, and automatic
 * persisted queries can never register a new one (writes are dropped).
 */
export function trustedDocumentsCache(trusted: TrustedDocuments) {
  const APQ_PREFIX = "apq:";
  return {
    async get(key: string) {
      return trusted.textOf(key.startsWith(APQ_PREFIX) ? key.slice(APQ_PREFIX.length) : key);
    },
    async set() {},
    async delete() {
      return true;
    },
  };
}

/** A refusal, unless the operation is trusted or the viewer holds one of the roles that may send any operation. */
export function untrustedOperation(
  trusted: TrustedDocuments,
  operation: { query?: string; hash?: string },
  viewer: Viewer | null,
  bypassRoles: readonly Role[],
): GraphQLError | undefined {
  if (operation.query === undefined && operation.hash === undefined) return undefined;
  if (trusted.isTrusted(operation)) return undefined;
  if (viewer && bypassRoles.some((role) => holdsRole(viewer, role))) return undefined;
  return new TesseraError(ErrorCode.OPERATION_NOT_TRUSTED, "This API runs only the operations its apps ship (trusted documents)", {}, { status: 400 });
}
