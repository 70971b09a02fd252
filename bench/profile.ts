import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { projectRoot } from "../src/paths.js";
import { isVariantId, OPERATIONS } from "./common.js";
import { drive, prepareEnvironment, VariantServer } from "./harness.js";

/**
 * A CPU profile of one variant under one operation's load (`node dist/bench/profile.js`,
 * after a build): the V8 profiler (what --cpu-prof uses) runs in the server
 * for the loaded window only, after warm-up, while autocannon drives it; and
 * the profile's top frames (self time, and inclusive time by package) are
 * printed and written to bench/results/profile-<variant>-<operation>.md.
 * BENCH_PROFILE_VARIANT (tessera), BENCH_PROFILE_OP (viewer), BENCH_DURATION (10).
 * Not part of `npm run bench`: a profiled server is slower, so its numbers are not comparable.
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function where(url: string): string {
  if (!url) return "";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith("node:")) return "node";
  const local = url.replace(`file://${projectRoot}/`, "");
  return local === url ? url : local;
}

function frameName(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url ? `${url.replace(`file://${projectRoot}/`, "").replace(/^.*node_modules\//, "")}:${lineNumber + 1}` : "";
  return `${functionName || "(anonymous)"}${file ? ` ${file}` : ""}`;
}

export function topFrames(profile: CpuProfile, limit = 25): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // Samples taken inside the inspector (stopping the profiler serialises it) are the measurement's own cost: left out.
  const inInspector = (id: number) => {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) if (byId.get(at)!.callFrame.url === "node:inspector") return true;
    return false;
  };
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    if (!inInspector(id)) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = [...self.entries()].filter(([id]) => byId.get(id)!.callFrame.functionName === "(idle)").reduce((a, [, t]) => a + t, 0);
  const busy = total - idle;

  const selfByFrame = new Map<string, number>();
  const inclusiveByPackage = new Map<string, number>();
  for (const [id, time] of self) {
    const node = byId.get(id)!;
    if (node.callFrame.functionName === "(idle)") continue;
    const name = frameName(node);
    selfByFrame.set(name, (selfByFrame.get(name) ?? 0) + time);
    // Inclusive per package: each package on the stack counts once for this sample's time.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const pkg = where(byId.get(at)!.callFrame.url) || byId.get(at)!.callFrame.functionName;
      // Always on the stack, so uninformative: the root, the microtask queue and Node's own frames (http, streams, timers).
      if (pkg && !seen.has(pkg) && !["(root)", "runMicrotasks", "node"].includes(pkg)) {
        seen.add(pkg);
        inclusiveByPackage.set(pkg, (inclusiveByPackage.get(pkg) ?? 0) + time);
      }
    }
  }
  const pct = (t: number) => `${((t / busy) * 100).toFixed(1)}%`;
  const lines = [
    `Busy (non-idle) time sampled: ${(busy / 1000).toFixed(0)} ms of ${(total / 1000).toFixed(0)} ms.`,
    "",
    "Top frames by self time (share of busy time):",
    "",
    "| self | frame |",
    "| --- | --- |",
    ...[...selfByFrame.entries()].sort((a, b) => b[1] - a[1]).slice(0, limit).map(([name, t]) => `| ${pct(t)} | \`${name}\` |`),
    "",
    "Inclusive time by package or file (a stack counts once per package; Node's own frames left out):",
    "",
    "| inclusive | package / file |",
    "| --- | --- |",
    ...[...inclusiveByPackage.entries()].sort((a, b) => b[1] - a[1]).slice(0, limit).map(([name, t]) => `| ${pct(t)} | ${name} |`),
  ];
  return lines.join("\n");
}

async function main(): Promise<void> {
  const variant = process.env.BENCH_PROFILE_VARIANT ?? "tessera";
  if (!isVariantId(variant)) throw new Error(`BENCH_PROFILE_VARIANT: unknown variant ${variant}`);
  const operation = OPERATIONS.find((o) => o.id === (process.env.BENCH_PROFILE_OP ?? "viewer"));
  if (!operation) throw new Error(`BENCH_PROFILE_OP: one of ${OPERATIONS.map((o) => o.id).join(", ")}`);
  const seconds = Number(process.env.BENCH_DURATION ?? 10);

  const loadBefore = os.loadavg();
  const env = await prepareEnvironment((line) => console.error(line));
  // Kept outside the run's folder (removed at the end), for Chrome DevTools or speedscope.
  const file = path.join(os.tmpdir(), `tessera-${variant}-${operation.id}-${Date.now()}.cpuprofile`);
  let server: VariantServer | undefined;
  try {
    server = await VariantServer.start(variant, env);
    await drive(server, operation, env.credentials[variant], { connections: 10, durationSeconds: 2 });
    await server.startProfile();
    const result = await drive(server, operation, env.credentials[variant], { connections: 10, durationSeconds: seconds });
    await server.stopProfile(file);
    const report = [
      `# CPU profile: variant ${variant}, operation ${operation.id}`,
      "",
      `Taken ${new Date().toISOString()} on ${os.cpus().length} × ${os.cpus()[0]?.model ?? "?"}, Node ${process.version}; ` +
        `load average before ${loadBefore.map((l) => l.toFixed(2)).join(", ")}.`,
      "",
      `${seconds} s of load at 10 connections after a 2 s warm-up: ${(result["2xx"] / result.duration).toFixed(0)} req/s under the profiler ` +
        "(slower than unprofiled; not comparable with the benchmark's figures).",
      "",
      topFrames(JSON.parse(readFileSync(file, "utf8")) as CpuProfile),
      "",
    ].join("\n");
    const out = path.join(projectRoot, "bench", "results", `profile-${variant}-${operation.id}.md`);
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, report);
    console.log(report);
    console.error(`written to ${path.relative(process.cwd(), out)}; the raw profile is ${file}`);
  } finally {
    await server?.stop().catch(() => {});
    await env.cleanup();
  }
}

main().catch((error: unknown) => {
  console.error("profile failed:", error instanceof Error ? error.stack : error);
  process.exit(1);
});
