import { payloadOf } from "./jwt-payload.js";

/** Seconds since the epoch at which a JWT expires, read from its payload without verifying it (the API verifies). */
export function expiresAt(token: string): number | undefined {
  const exp = payloadOf(token)?.exp;
  return typeof exp === "number" ? exp : undefined;
}

/** Whether a token is expired, or will be within `marginSeconds`. */
export function isExpired(token: string, marginSeconds = 0, now = Date.now()): boolean {
  const exp = expiresAt(token);
  return exp === undefined || exp * 1000 <= now + marginSeconds * 1000;
}
