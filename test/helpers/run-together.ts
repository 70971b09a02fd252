import { expectNoSecretsInLogs } from "./no-secrets-in-logs.js";

/** A `*.suite.ts` file: its tests, registered when called. */
export type Suite = () => void;

/**
 * Runs several files' tests in one jest file, so in one module registry: jest would otherwise import the whole
 * application again for every file (about half a second of CPU each). Each file's tests run in a describe of their
 * own, with their own servers, one file after another; the logs of the servers a file started are searched for the
 * secrets its requests carried when it ends, as after a jest file.
 */
export function runTogether(suites: Array<[file: string, suite: Suite]>): void {
  for (const [file, suite] of suites) {
    describe(file, () => {
      suite();
      afterAll(expectNoSecretsInLogs);
    });
  }
}
