import { runTogether } from "../helpers/run-together.js";
import executionDeadline from "./execution-deadline.suite.js";
import floods from "./floods.suite.js";
import realisticOperations from "./realistic-operations.suite.js";
import sharedRateLimitsRedis from "./shared-rate-limits-redis.suite.js";
import slowClients from "./slow-clients.suite.js";
import trustedDocuments from "./trusted-documents.suite.js";

// Operation limits, rate limits, slow clients and trusted documents, run together (test/helpers/run-together.ts).
runTogether([
  ["execution-deadline", executionDeadline],
  ["floods", floods],
  ["realistic-operations", realisticOperations],
  ["shared-rate-limits-redis", sharedRateLimitsRedis],
  ["slow-clients", slowClients],
  ["trusted-documents", trustedDocuments],
]);
