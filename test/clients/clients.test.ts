import { runTogether } from "../helpers/run-together.js";
import codegenDrift from "./codegen-drift.suite.js";
import cors from "./cors.suite.js";
import quickStart from "./quick-start.suite.js";
import refreshCookie from "./refresh-cookie.suite.js";

// Clients over HTTP, run together (test/helpers/run-together.ts). The Apollo Client and DPoP client files wait out
// real token lifetimes and run on their own, as do the browser files.
runTogether([
  ["codegen-drift", codegenDrift],
  ["cors", cors],
  ["quick-start", quickStart],
  ["refresh-cookie", refreshCookie],
]);
