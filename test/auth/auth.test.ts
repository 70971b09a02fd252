import { runTogether } from "../helpers/run-together.js";
import accounts from "./accounts.suite.js";
import jwks from "./jwks.suite.js";
import keyErrors from "./key-errors.suite.js";
import refresh from "./refresh.suite.js";
import restart from "./restart.suite.js";
import signingIn from "./sign-in.suite.js";
import verifiedTokenCache from "./verified-token-cache.suite.js";

// Tokens, sessions and accounts, run together (test/helpers/run-together.ts).
runTogether([
  ["accounts", accounts],
  ["jwks", jwks],
  ["key-errors", keyErrors],
  ["refresh", refresh],
  ["restart", restart],
  ["sign-in", signingIn],
  ["verified-token-cache", verifiedTokenCache],
]);
