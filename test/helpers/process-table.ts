import { readdirSync, readFileSync } from "node:fs";

// The process table, read from /proc (Linux, which every machine we test on is). The spawner uses it to
// end a child's whole tree; the global teardown uses it to find anything the run left behind.

interface Entry {
  pid: number;
  parent: number;
}

function readEntry(pid: number): Entry | undefined {
  try {
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    return { pid, parent };
  } catch {
    return undefined;
  }
}

function allPids(): number[] {
  return readdirSync("/proc").filter((name) => /^\d+$/.test(name)).map(Number);
}

function table(): Entry[] {
  return allPids().map(readEntry).filter((entry): entry is Entry => entry !== undefined);
}

/** Every process below pid: children, their children, and so on. */
export function descendants(pid: number): number[] {
  const entries = table();
  const found: number[] = [];
  const parents = [pid];
  while (parents.length > 0) {
    const parent = parents.pop()!;
    for (const entry of entries) {
      if (entry.parent === parent) {
        found.push(entry.pid);
        parents.push(entry.pid);
      }
    }
  }
  return found;
}

/** The direct children of pid. */
export function childrenOf(pid: number): number[] {
  return table().filter((entry) => entry.parent === pid).map((entry) => entry.pid);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0] !== "Z";
  } catch {
    return false;
  }
}

/** The command line of pid, as one line (empty when it is gone). */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ");
  } catch {
    return "";
  }
}

/** Every live process whose /proc/<pid>/<file> (NUL-separated: environ, cmdline) holds this entry. */
function processesWith(file: "environ" | "cmdline", entry: string): number[] {
  return allPids().filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/${file}`, "utf8").split("\0").includes(entry) && isAlive(pid);
    } catch {
      return false;
    }
  });
}

/** Every live process whose environment holds name=value: inherited down every tree that a test started. */
export const processesWithEnvironment = (name: string, value: string) => processesWith("environ", `${name}=${value}`);

/** Every live process with this exact argument on its command line. */
export const processesWithArgument = (argument: string) => processesWith("cmdline", argument);
