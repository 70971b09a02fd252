import { createHash } from "node:crypto";

/**
 * The id of the local user linked to another issuer's (iss, sub). Derived rather than looked up, so a viewer's id
 * comes from its claims alone, and finding or creating the user is an `_id` equality, which every backend answers
 * from its primary key. 96 bits of SHA-256: reaching a chosen id takes a preimage search, not a lookup.
 */
export function linkedUserId(issuer: string, subject: string): string {
  return createHash("sha256").update(JSON.stringify([issuer, subject])).digest("hex").slice(0, 24);
}
