import { runTogether } from "../helpers/run-together.js";
import configuration from "./configuration.suite.js";
import guardedResourceGuide from "./guarded-resource-guide.suite.js";

// What the documentation states, checked against the code (test/helpers/run-together.ts).
runTogether([
  ["configuration", configuration],
  ["guarded-resource-guide", guardedResourceGuide],
]);
