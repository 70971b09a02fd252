/** @type {import('jest').Config} */
export default {
  // Node, plus the registry of processes and browsers each file started: its teardown ends what is left.
  testEnvironment: "<rootDir>/test/helpers/environment.js",
  extensionsToTreatAsEsm: [".ts"],
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  transform: { "^.+\\.ts$": ["ts-jest", { useESM: true }] },
  testMatch: ["<rootDir>/test/**/*.test.ts"],
  globalSetup: "<rootDir>/test/helpers/global-setup.js",
  globalTeardown: "<rootDir>/test/helpers/global-teardown.js",
  // After each test file: no secret its requests carried appears in the logs of the servers it started.
  setupFilesAfterEnv: ["<rootDir>/test/helpers/no-secrets-in-logs.ts"],
  testSequencer: "<rootDir>/test/helpers/sequencer.js",
  // Three on two cores: much of a test file is waiting (child processes starting, tokens expiring, browsers).
  maxWorkers: 3,
  testTimeout: 30000,
};
