/**
 * Distinct client addresses, a new one per call, under 10.<block>.0.0/16: with TRUST_PROXY, `x-forwarded-for`
 * is the client address, which is how one test plays many attackers.
 */
export function addressSource(block: number): () => string {
  let used = 0;
  return () => {
    used += 1;
    return `10.${block}.${used >> 8}.${used & 255}`;
  };
}
