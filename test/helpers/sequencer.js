// Jest runs the longest files first when it knows their durations from an earlier run. A fresh clone (CI) has
// no such record, and would start a file that waits out real token lifetimes last, alone at the end of the run
// while the other workers sit idle. So files start in the order of their time run alone (`--runInBand`,
// measured in session 8, seconds in the comments); the rest, all under 5 s alone, follow.
import Sequencer from "@jest/test-sequencer";

const LONGEST_FIRST = [
  "security/catalogue", // 31.5
  "playground/browser.test", // 28.9
  "clients/example-app.browser", // 20.8
  "clients/dpop-client", // 18.7, of which 17 s waiting out access tokens
  "subscriptions/subscriptions", // 17.8
  "tokens/issuers/external-tokens", // 16.8
  "foundation/process", // 16.4
  "auth/auth", // 16.3
  "scale/revocation-propagation", // 16.0
  "limits/limits", // 15.1
  "cli/administration", // 12.5
  "fuzz/fuzz", // 12.3
  "scale/database-outage", // 8.7
  "clients/example-app-cookie.browser", // 8.3
  "clients/apollo-client", // 7.5
  "scale/key-rotation", // 7.3
  "playground/started-api.browser", // 7.3
  "foundation/foundation", // 7.4
  "operations/operations", // 7.2
  "architecture/dependencies", // 5.4
  "authorization/authorization", // 5.2
];
const rank = (test) => {
  const index = LONGEST_FIRST.findIndex((name) => test.path.includes(`/test/${name}`));
  return index === -1 ? LONGEST_FIRST.length : index;
};

export default class LongestFirst extends Sequencer {
  sort(tests) {
    return [...super.sort(tests)].sort((a, b) => rank(a) - rank(b));
  }
}
