// A jest setup file (jest.config.js, setupFilesAfterEnv): after every test file, no secret that
// passed through test/helpers/graphql.ts may appear in any log line of any server the file started
// with test/helpers/server.ts. Catalogue 32, checked across the whole suite rather than in one file.
//
// Jest loads this before each test file and shares the module with it, so the registries below are
// per file. It must not import Tessera itself: some tests (26) wrap a library before Tessera loads.
import { seenSecrets } from "./graphql.js";

/** Shorter strings are not searched for: an empty or one-letter "password" would match log text by chance. */
export const MIN_SECRET_LENGTH = 8;

/** The log lines of every server this test file started. */
const serverLogs: Array<readonly string[]> = [];

/** Called by startTestServer with the array its logger writes to. */
export function searchForSecretsAfterThisFile(logs: readonly string[]): void {
  serverLogs.push(logs);
}

/** The secrets found in the log text, as written or with the escapes JSON (and so pino) adds. */
export function secretsInLogs(logs: readonly string[], secrets: Iterable<string>): string[] {
  const text = logs.join("");
  const found: string[] = [];
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    if (text.includes(secret) || text.includes(JSON.stringify(secret).slice(1, -1))) found.push(secret);
  }
  return found;
}

const preview = (secret: string) => JSON.stringify(secret.length > 24 ? `${secret.slice(0, 24)}…` : secret);

/**
 * Fails when a secret seen since the last check appears in the logs of a server started since then, and starts
 * both registries afresh. Runs after every test file; a file that runs other files' tests (the security
 * catalogue) also calls it after each of them, so that each search covers one file's servers and secrets.
 */
export function expectNoSecretsInLogs(): void {
  const found = secretsInLogs(serverLogs.flat(), seenSecrets);
  serverLogs.length = 0;
  seenSecrets.clear();
  if (found.length > 0) {
    throw new Error(`${found.length} secret(s) sent or received by this file appear in server logs: ${found.map(preview).join(", ")}`);
  }
}

afterAll(expectNoSecretsInLogs);
