// Jest runs the longest files first when it knows their durations from an earlier run. A fresh clone has
// no such record, and would start a 20-second browser file last, behind everything else. These are the
// files known to take longest (browsers, fuzzing, the fleets of processes): they start first either way.
import Sequencer from "@jest/test-sequencer";

const SLOW = [
  /\.browser\.test\.ts$/,
  /\/fuzz\//,
  /\/scale\//,
  /\/foundation\/process\.test\.ts$/,
  /\/clients\/apollo-client\.test\.ts$/,
  // Each runs a folder's files together (test/helpers/run-together.ts).
  /\/security\/catalogue\.test\.ts$/,
  /\/(auth|limits|subscriptions)\/\1\.test\.ts$/,
];
const rank = (test) => (SLOW.some((pattern) => pattern.test(test.path)) ? 0 : 1);

export default class SlowFilesFirst extends Sequencer {
  sort(tests) {
    return [...super.sort(tests)].sort((a, b) => rank(a) - rank(b));
  }
}
