import { ErrorCode, TesseraError } from "../errors.js";
import { accountKey, type RateLimits } from "./rate-limits.js";

function isCode(error: unknown, code: ErrorCode): boolean {
  return error instanceof TesseraError && error.code === code;
}

/**
 * Wraps one sign-in attempt: every attempt spends the address's budget and
 * reserves a failure of its account-and-address pair, then of its account,
 * before any hashing. Reserving is one atomic increment, so concurrent
 * attempts cannot all pass a check that none of them has counted yet. The
 * pair goes first and alone: an address refused for the pair spends nothing
 * of the account's budget, so guessing from one address never locks the
 * owner out. A success clears the pair and gives the account its point back;
 * an attempt that was never judged (the database away) gives both back.
 * Each aliased signIn in one request passes through here on its own.
 */
export async function throttleSignIn<T>(limits: RateLimits, email: string, address: string, attempt: () => Promise<T>): Promise<T> {
  const account = accountKey(email);
  const pair = `${account}:${address}`;
  await limits.consume({ signInByAddress: address });
  await limits.consume({ signInFailuresByAccountAndAddress: pair });
  try {
    await limits.consume({ signInFailuresByAccount: account });
  } catch (error) {
    await limits.refund({ signInFailuresByAccountAndAddress: pair });
    throw error;
  }
  let result: T;
  try {
    result = await attempt();
  } catch (error) {
    // A judged failure keeps its reservation; its answer stays INVALID_CREDENTIALS.
    if (!isCode(error, ErrorCode.INVALID_CREDENTIALS)) {
      await limits.refund({ signInFailuresByAccountAndAddress: pair, signInFailuresByAccount: account });
    }
    throw error;
  }
  await Promise.all([limits.reset({ signInFailuresByAccountAndAddress: pair }), limits.refund({ signInFailuresByAccount: account })]);
  return result;
}
