import { runTogether } from "../helpers/run-together.js";
import acrossInstances from "./across-instances.suite.js";
import connectionAuth from "./connection-auth.suite.js";
import eventReads from "./event-reads.suite.js";
import freshToken from "./fresh-token.suite.js";
import localEvents from "./local-events.suite.js";
import operations from "./operations.suite.js";
import oversizedFrame from "./oversized-frame.suite.js";
import postPublished from "./post-published.suite.js";
import shutdown from "./shutdown.suite.js";

// Subscriptions over graphql-ws, run together (test/helpers/run-together.ts).
runTogether([
  ["across-instances", acrossInstances],
  ["connection-auth", connectionAuth],
  ["event-reads", eventReads],
  ["fresh-token", freshToken],
  ["local-events", localEvents],
  ["operations", operations],
  ["oversized-frame", oversizedFrame],
  ["post-published", postPublished],
  ["shutdown", shutdown],
]);
