// What a test file has started and must end: child processes and browsers. The registry is a Set on the
// file's global, put there by test/helpers/environment.js, whose teardown ends what is still in it once
// the file is done: after its last afterAll, after a failed beforeAll, after a test that threw half way.

export interface Running {
  /** Says what it is in a failure message: "API (DATA_DIR …)", "vite preview", "chromium". */
  name: string;
  stop(): Promise<void>;
}

declare global {
  var tesseraRunning: Set<Running> | undefined;
}

function registry(): Set<Running> {
  if (!globalThis.tesseraRunning) throw new Error("test/helpers/environment.js is not the test environment: run the tests with npm test");
  return globalThis.tesseraRunning;
}

/** Registers something running; the returned function forgets it once it has been stopped. */
export function keepTrack(entry: Running): () => void {
  registry().add(entry);
  return () => registry().delete(entry);
}
