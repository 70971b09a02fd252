import { runTogether } from "../helpers/run-together.js";
import databaseDown from "./database-down.suite.js";
import demoContent from "./demo-content.suite.js";
import expirySweeper from "./expiry-sweeper.suite.js";
import requestId from "./request-id.suite.js";

// The foundation's files that share nothing global, run together (test/helpers/run-together.ts). process.test.ts,
// the longest, runs on its own.
runTogether([
  ["database-down", databaseDown],
  ["demo-content", demoContent],
  ["expiry-sweeper", expirySweeper],
  ["request-id", requestId],
]);
