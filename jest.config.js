/** @type {import('jest').Config} */
export default {
  // The tests run as `npm run build` compiled them (dist/test), beside the API they test (dist/src): tsc has
  // type-checked them there already, and a second compiler inside every jest worker would only cost time.
  roots: ["<rootDir>/dist/test"],
  testMatch: ["**/*.test.js"],
  transform: {},
  // Node, plus the registry of processes and browsers each file started: its teardown ends what is left.
  testEnvironment: "<rootDir>/test/helpers/environment.js",
  globalSetup: "<rootDir>/test/helpers/global-setup.js",
  globalTeardown: "<rootDir>/test/helpers/global-teardown.js",
  // After each test file: no secret its requests carried appears in the logs of the servers it started.
  setupFilesAfterEnv: ["<rootDir>/dist/test/helpers/no-secrets-in-logs.js"],
  testSequencer: "<rootDir>/test/helpers/sequencer.js",
  // Four on two cores: much of a test file is waiting (child processes starting, tokens expiring, browsers).
  // Measured on our 2-core machine on 2026-12-07: 3 workers 100 s, 4 workers 83-94 s, 5 workers 78-89 s.
  maxWorkers: 4,
  testTimeout: 30000,
};
