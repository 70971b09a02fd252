/** A JWT's payload, read without verifying it (the API verifies): undefined when it does not decode. */
export function payloadOf(token: string): Record<string, unknown> | undefined {
  try {
    const payload = JSON.parse(atob(token.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/"))) as unknown;
    return typeof payload === "object" && payload !== null ? (payload as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
