import { ErrorCode, TesseraError } from "../errors.js";
import { accountKey, type RateLimits } from "./rate-limits.js";

function isCode(error: unknown, code: ErrorCode): boolean {
  return error instanceof TesseraError && error.code === code;
}

/**
 * Wraps one sign-in attempt: every attempt spends the address's budget;
 * an account (or account-and-address pair) out of failures is refused before
 * any hashing; a failure is counted against both; a success clears the pair.
 * Each aliased signIn in one request passes through here on its own.
 */
export async function throttleSignIn<T>(limits: RateLimits, email: string, address: string, attempt: () => Promise<T>): Promise<T> {
  const account = accountKey(email);
  const pair = `${account}:${address}`;
  await limits.consume({ signInByAddress: address });
  await limits.check({ signInFailuresByAccountAndAddress: pair, signInFailuresByAccount: account });
  try {
    const result = await attempt();
    await limits.reset({ signInFailuresByAccountAndAddress: pair });
    return result;
  } catch (error) {
    if (isCode(error, ErrorCode.INVALID_CREDENTIALS)) {
      // This attempt was judged; its answer stays INVALID_CREDENTIALS even if it used up the budget.
      await limits.consume({ signInFailuresByAccountAndAddress: pair, signInFailuresByAccount: account }).catch((limit) => {
        if (!isCode(limit, ErrorCode.RATE_LIMITED)) throw limit;
      });
    }
    throw error;
  }
}
