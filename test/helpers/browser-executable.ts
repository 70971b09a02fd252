import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "../../src/paths.js";

// Which Chromium the browser tests drive, chosen once per run by the global setup:
// 1. CHROMIUM_PATH, when set;
// 2. a system Chromium or Chrome on PATH;
// 3. the Chromium that `npm install` brought inside the @sparticuz/chromium tarball (a dev dependency).
// Nothing is downloaded: the packaged browser is brotli-compressed in node_modules and inflated once into
// node_modules/.cache, keyed by the package's version.

export interface BrowserChoice {
  executable: string;
  source: "CHROMIUM_PATH" | "system" | "@sparticuz/chromium";
  version: string;
}

const SYSTEM_BROWSERS = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir !== "" && existsSync(candidate)) return candidate;
  }
  return undefined;
}

function versionOf(executable: string): string {
  try {
    return execFileSync(executable, ["--version"], { encoding: "utf8", timeout: 10_000, stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "version unknown";
  }
}

/** Inflates the packaged Chromium into a directory of its own, renamed into place only when complete. */
async function packagedChromium(): Promise<string> {
  const manifest = path.join(projectRoot, "node_modules/@sparticuz/chromium/package.json");
  const { version } = JSON.parse(readFileSync(manifest, "utf8")) as { version: string };
  const target = path.join(projectRoot, "node_modules/.cache/sparticuz-chromium", version);
  const executable = path.join(target, "chromium");
  if (existsSync(executable)) return executable;

  // The package inflates into os.tmpdir(); point that at a scratch directory for the duration.
  const scratch = `${target}.partial-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = scratch;
  try {
    const { default: chromium } = await import("@sparticuz/chromium");
    await chromium.executablePath();
  } finally {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  }
  rmSync(target, { recursive: true, force: true });
  renameSync(scratch, target);
  return executable;
}

export async function chooseBrowser(): Promise<BrowserChoice> {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (!existsSync(configured)) throw new Error(`CHROMIUM_PATH is ${configured}, which does not exist`);
    return { executable: configured, source: "CHROMIUM_PATH", version: versionOf(configured) };
  }
  for (const name of SYSTEM_BROWSERS) {
    const executable = onPath(name);
    if (executable) return { executable, source: "system", version: versionOf(executable) };
  }
  const executable = await packagedChromium();
  return { executable, source: "@sparticuz/chromium", version: versionOf(executable) };
}
