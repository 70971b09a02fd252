import { openSync, readFileSync, rmSync, writeSync, closeSync } from "node:fs";
import path from "node:path";
import { StartupError } from "../startup-error.js";

const LOCK_FILE = "tessera.pid";

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The pid of the running process that holds the lock on `dir`, if one does. */
export function lockHolder(dir: string): number | undefined {
  let holder: number;
  try {
    holder = Number(readFileSync(path.join(dir, LOCK_FILE), "utf8").trim());
  } catch {
    return undefined;
  }
  return Number.isInteger(holder) && holder > 0 && isRunning(holder) ? holder : undefined;
}

/**
 * One Tessera per embedded database directory: two FerretDB processes on the same SQLite files would
 * each believe they own them. The lock is a file holding our pid, created exclusively; a lock whose
 * process is gone (killed outright) is stale and taken over. Returns the release.
 */
export function lockDataDirectory(dir: string): () => void {
  const file = path.join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, "wx", 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = lockHolder(dir);
    if (holder !== undefined) {
      throw new StartupError(`${dir} is in use by another Tessera (pid ${holder}): stop it, or set DATA_DIR to another directory`);
    }
    rmSync(file, { force: true });
  }
  throw new StartupError(`could not lock ${dir}: another process keeps creating ${LOCK_FILE}`);
}
