/**
 * An email address as it is stored, looked up and rate-limited: trimmed and lower-cased, so that
 * "Ada@Example.com " and "ada@example.com" are one account everywhere. The one definition of it.
 */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
