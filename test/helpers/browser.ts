import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { projectRoot } from "../../src/paths.js";
import { keepTrack } from "./running.js";

/** Where screenshots go: git-ignored, kept after the run for a person to look at. */
export const ARTIFACTS = path.join(projectRoot, "test/artifacts");

/**
 * A headless Chromium with a fresh profile (Playwright makes a temporary one: launch() refuses --user-data-dir):
 * the one the global setup chose (test/helpers/browser-executable.ts). It is tracked like a child process, so
 * the test environment closes it should the file not. The background-networking flags matter here: without
 * them Chromium keeps trying to reach Google's hosts, which this network refuses.
 */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.TESSERA_TEST_BROWSER;
  if (!executablePath) throw new Error("TESSERA_TEST_BROWSER is not set: run the tests with npm test");
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const forget = keepTrack({ name: "chromium", stop: () => browser.close() });
  browser.once("disconnected", forget);
  return browser;
}

/** Saves a full-page screenshot as test/artifacts/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
