// The test environment: jest's Node environment, plus the registry of what the file has started
// (test/helpers/running.ts). Teardown runs after the file's last hook, however the file ended, and stops
// whatever is still running: a failed beforeAll or a test that threw before its cleanup leaves nothing.
import { TestEnvironment } from "jest-environment-node";

export default class TesseraEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.running = new Set();
    this.global.tesseraRunning = this.running;
  }

  async teardown() {
    const left = [...this.running];
    const results = await Promise.allSettled(left.map((entry) => entry.stop()));
    results.forEach((result, i) => {
      if (result.status === "rejected") console.error(`could not stop ${left[i].name}: ${result.reason}`);
    });
    await super.teardown();
  }
}
