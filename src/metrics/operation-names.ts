/**
 * `operation_name` comes from the client, so its values are bounded: with trusted documents, only their names;
 * otherwise the first `cap` names seen. Any other name counts as `other`, and an unnamed operation as `anonymous`.
 */
export function boundedOperationNames(trusted: ReadonlySet<string> | undefined, cap = 100): (name: string | null | undefined) => string {
  const seen = new Set<string>();
  return (name) => {
    if (!name) return "anonymous";
    if (trusted) return trusted.has(name) ? name : "other";
    if (seen.has(name)) return name;
    if (seen.size >= cap) return "other";
    seen.add(name);
    return name;
  };
}
