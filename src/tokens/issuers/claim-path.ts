/**
 * Where a claim sits inside a token's payload, as TRUSTED_ISSUERS writes it: names joined by dots, and bracketed
 * quoted keys for names a dot cannot carry (namespaced claims):
 *   realm_access.roles   ["https://example.com/roles"]   ["cognito:groups"]   resource_access["my-app"].roles
 */
export type ClaimPath = readonly string[];

const NAME = /^[A-Za-z_$][\w$-]*/;
const QUOTED = /^\[\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\s*\]/;

export class ClaimPathError extends Error {}

export function parseClaimPath(text: string): ClaimPath {
  const segments: string[] = [];
  let rest = text.trim();
  if (rest === "") throw new ClaimPathError("is empty");
  while (rest !== "") {
    if (segments.length > 0 && rest.startsWith(".")) {
      rest = rest.slice(1);
      const name = NAME.exec(rest);
      if (!name) throw new ClaimPathError(`has no name after a dot at "${rest}"`);
      segments.push(name[0]);
      rest = rest.slice(name[0].length);
      continue;
    }
    const quoted = QUOTED.exec(rest);
    if (quoted) {
      segments.push(JSON.parse(`"${(quoted[1] ?? quoted[2]!).replace(/\\'/g, "'")}"`) as string);
      rest = rest.slice(quoted[0].length);
      continue;
    }
    const name = segments.length === 0 ? NAME.exec(rest) : null;
    if (!name) throw new ClaimPathError(`cannot be read at "${rest}": use names joined by dots, or ["quoted keys"]`);
    segments.push(name[0]);
    rest = rest.slice(name[0].length);
  }
  return segments;
}

/** The value at `path`, or undefined when any step is missing or not an object. Own properties only. */
export function readClaim(payload: Record<string, unknown>, path: ClaimPath): unknown {
  let value: unknown = payload;
  for (const segment of path) {
    if (typeof value !== "object" || value === null || Array.isArray(value) || !Object.hasOwn(value, segment)) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}
