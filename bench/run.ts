import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { projectRoot } from "../src/paths.js";
import { CEILING, OPERATIONS, PEER, VARIANTS, type CommandCounts, type Operation, type VariantId } from "./common.js";
import { drive, machineCpu, prepareEnvironment, processCpuSeconds, send, VariantServer, type Environment } from "./harness.js";
import { renderMarkdown, summarize, type Results, type Sample } from "./report.js";

/**
 * `npm run bench`: every variant in its own process over the same seeded
 * database, driven by autocannon from this process, in interleaved rounds.
 * Writes bench/results/<timestamp>.json, latest.json and latest.md, and prints
 * the table. Knobs (for quick trials; the committed results use the defaults):
 * BENCH_CONNECTIONS, BENCH_DURATION, BENCH_WARMUP, BENCH_ROUNDS, BENCH_OPS and
 * BENCH_VARIANTS (comma-separated ids), BENCH_OUT (results folder).
 */

function numberFrom(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === "") return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`${name} must be a positive number`);
  return parsed;
}

function listFrom<T extends { id: string }>(name: string, all: readonly T[]): T[] {
  const value = process.env[name];
  if (!value) return [...all];
  const wanted = value.split(",").map((s) => s.trim());
  const unknown = wanted.filter((id) => !all.some((item) => item.id === id));
  if (unknown.length > 0) throw new Error(`${name}: unknown ${unknown.join(", ")} (known: ${all.map((i) => i.id).join(", ")})`);
  return all.filter((item) => wanted.includes(item.id));
}

const settings = {
  connections: numberFrom("BENCH_CONNECTIONS", 10),
  // Five rounds of 3 s rather than three of 5 s (the same time): on a shared machine, more paired rounds make
  // steadier medians than longer windows do.
  durationSeconds: numberFrom("BENCH_DURATION", 3),
  warmupSeconds: numberFrom("BENCH_WARMUP", 2),
  rounds: numberFrom("BENCH_ROUNDS", 5),
  /** Sequential requests per operation when counting database commands (signIn: fewer, argon2 is slow). */
  countRequests: 10,
  countRequestsSignIn: 4,
  outDir: process.env.BENCH_OUT ? path.resolve(process.env.BENCH_OUT) : path.join(projectRoot, "bench", "results"),
};
const operations = listFrom("BENCH_OPS", OPERATIONS);
const requestedVariants = listFrom("BENCH_VARIANTS", VARIANTS).map((v) => v.id);

const log = (line: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

function uptime(): string {
  try {
    return execFileSync("uptime", { encoding: "utf8" }).trim();
  } catch {
    return `load average: ${os.loadavg().map((l) => l.toFixed(2)).join(", ")}`;
  }
}

function gitDescription(): { commit?: string; dirty?: boolean } {
  try {
    const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: projectRoot, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain"], { cwd: projectRoot, encoding: "utf8" }).trim() !== "";
    return { commit, dirty };
  } catch {
    return {};
  }
}

function versionOf(pkg: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(path.join(projectRoot, "node_modules", pkg, "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return undefined;
  }
}

/** bench/rule-decision.ts, run as it is (its own process, before any server starts), its lines parsed. */
function ruleDecisionBenchmark(): Results["ruleDecision"] {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), "rule-decision.js");
  const run = spawnSync(process.execPath, [script], { encoding: "utf8", timeout: 120_000 });
  const rules = [...run.stdout.matchAll(/^(.+?)\s+([\d.]+) ns per decision$/gm)].map((m) => ({ rule: m[1]!.trim(), nanoseconds: Number(m[2]) }));
  return { rules, output: run.stdout.trim(), ok: run.status === 0 && rules.length > 0 };
}

/** JSON with every object's keys sorted: the same data whatever order a server writes the members in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

function rotate<T>(items: T[], by: number): T[] {
  const k = items.length === 0 ? 0 : by % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

async function checkResponses(servers: Map<VariantId, VariantServer>, env: Environment): Promise<Results["correctness"]> {
  const correctness: Results["correctness"] = [];
  for (const operation of operations) {
    let reference: string | undefined;
    for (const [variant, server] of servers) {
      const response = await send(server, operation, env.credentials[variant]);
      const errors = response.json?.errors;
      const ok = response.status === 200 && response.json?.data != null && !errors;
      let comparable = response.json?.data;
      if (operation.varies && comparable) {
        // Fresh tokens each time: compare who signed in and that tokens came back.
        const signIn = (comparable as { signIn?: { accessToken?: string; refreshToken?: string; user?: unknown } }).signIn;
        comparable = { user: signIn?.user, tokens: typeof signIn?.accessToken === "string" && typeof signIn?.refreshToken === "string" };
      }
      const text = canonical(comparable);
      reference ??= ok ? text : undefined;
      correctness.push({
        operation: operation.id,
        variant,
        status: response.status,
        ok,
        sameDataAsFirstVariant: ok && text === reference,
        bytes: Buffer.byteLength(response.text),
        body: operation.varies ? undefined : response.text,
        error: ok ? undefined : response.text.slice(0, 500),
      });
    }
  }
  return correctness;
}

async function countCommands(server: VariantServer, operation: Operation, credential: string) {
  const requests = operation.id === "signIn" ? settings.countRequestsSignIn : settings.countRequests;
  let best: CommandCounts | undefined;
  let bestTotal = Infinity;
  // Two passes, the lower kept: a background command (the revocation resync, the key-file reload) can land in one.
  for (let pass = 0; pass < 2; pass++) {
    await server.resetCounts();
    for (let i = 0; i < requests; i++) await send(server, operation, credential);
    const counts = await server.readCounts();
    const total = Object.values(counts.database).reduce((a, b) => a + b, 0);
    if (total < bestTotal) [best, bestTotal] = [counts, total];
  }
  const perRequest = (n: number) => Math.round((n / requests) * 100) / 100;
  return {
    databasePerRequest: perRequest(bestTotal),
    databaseByName: Object.fromEntries(Object.entries(best!.database).map(([name, n]) => [name, perRequest(n)])),
    sessionStorePerRequest: perRequest(best!.redis),
    requests,
  };
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const uptimeBefore = uptime();
  const loadBefore = os.loadavg();
  log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "?"}, Node ${process.version}; ${uptimeBefore}`);
  const totalMeasurements = operations.length * requestedVariants.length * settings.rounds;
  log(`plan: ${requestedVariants.length} variants × ${operations.length} operations × ${settings.rounds} rounds × ${settings.durationSeconds} s = ${totalMeasurements} measurements`);

  log("rule decision micro-benchmark (bench/rule-decision.ts)");
  const ruleDecision = ruleDecisionBenchmark();

  const env = await prepareEnvironment(log);
  const servers = new Map<VariantId, VariantServer>();
  const samples: Sample[] = [];
  const warmups: Results["warmups"] = [];
  const commandCounts: Results["commandCounts"] = [];
  let correctness: Results["correctness"] = [];
  const stopAll = async () => {
    await Promise.all([...servers.values()].map((s) => s.stop().catch(() => {})));
    await env.cleanup().catch((error: unknown) => log(`cleanup: ${String(error)}`));
  };
  const onSignal = () => {
    log("interrupted: stopping the variants and cleaning up");
    void stopAll().finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  try {
    for (const variant of requestedVariants) {
      if (env.skipped[variant]) {
        log(`${variant}: skipped (${env.skipped[variant]})`);
        continue;
      }
      const server = await VariantServer.start(variant, env);
      servers.set(variant, server);
      log(`${variant}: pid ${server.pid}, ${server.url}`);
    }

    log("checking every response before measuring");
    correctness = await checkResponses(servers, env);
    const valid = (op: string, v: VariantId) => correctness.some((c) => c.operation === op && c.variant === v && c.ok);
    for (const c of correctness.filter((c) => !c.ok || !c.sameDataAsFirstVariant)) {
      log(`WARNING ${c.variant} ${c.operation}: ${c.ok ? "data differs from the first variant's" : `status ${c.status}: ${c.error}`}`);
    }

    log("counting database commands per request (driver command monitoring in each server)");
    for (const [variant, server] of servers) {
      for (const operation of operations) {
        if (!valid(operation.id, variant)) continue;
        commandCounts.push({ operation: operation.id, variant, ...(await countCommands(server, operation, env.credentials[variant])) });
      }
    }

    log(`warm-up: ${settings.warmupSeconds} s per variant and operation, bodies checked`);
    for (const [variant, server] of servers) {
      for (const operation of operations) {
        if (!valid(operation.id, variant)) continue;
        const body = correctness.find((c) => c.operation === operation.id && c.variant === variant)?.body;
        const result = await drive(server, operation, env.credentials[variant], {
          connections: settings.connections,
          durationSeconds: operation.id === "signIn" ? Math.min(1, settings.warmupSeconds) : settings.warmupSeconds,
          expectBody: body,
        });
        warmups.push({ operation: operation.id, variant, requests: result.requests.total, mismatches: result.mismatches, non2xx: result.non2xx, errors: result.errors });
        if (result.mismatches > 0 || result.non2xx > 0 || result.errors > 0) {
          log(`WARNING warm-up ${variant} ${operation.id}: ${result.mismatches} mismatched bodies, ${result.non2xx} non-2xx, ${result.errors} errors`);
        }
      }
    }

    const order = [...servers.keys()];
    let done = 0;
    for (let round = 0; round < settings.rounds; round++) {
      for (const [opIndex, operation] of operations.entries()) {
        // Interleaved: each round (and each operation) starts with a different variant.
        for (const variant of rotate(order, round + opIndex)) {
          if (!valid(operation.id, variant)) continue;
          const server = servers.get(variant)!;
          const bystanders = [...servers.values()].filter((s) => s !== server).map((s) => s.pid);
          const cpuOf = (pids: Array<number | undefined>) => pids.map(processCpuSeconds).reduce<number | undefined>((sum, v) => (sum === undefined || v === undefined ? undefined : sum + v), 0);
          const storesBefore = { database: processCpuSeconds(env.databasePid), redis: processCpuSeconds(env.redisPid), idle: cpuOf(bystanders) };
          const machineBefore = machineCpu();
          const driverBefore = process.cpuUsage();
          await server.begin();
          const result = await drive(server, operation, env.credentials[variant], { connections: settings.connections, durationSeconds: settings.durationSeconds });
          const window = await server.end();
          const driver = process.cpuUsage(driverBefore);
          const machineAfter = machineCpu();
          const storesAfter = { database: processCpuSeconds(env.databasePid), redis: processCpuSeconds(env.redisPid), idle: cpuOf(bystanders) };
          const wallSeconds = window.wallMs / 1000;
          const delta = (key: keyof typeof storesBefore) =>
            storesBefore[key] === undefined || storesAfter[key] === undefined ? undefined : storesAfter[key]! - storesBefore[key]!;
          const accounted = [delta("database"), delta("redis"), delta("idle")].reduce<number>((sum, v) => sum + (v ?? 0), 0);
          const serverCpuSeconds = (window.cpuUserMicros + window.cpuSystemMicros) / 1e6;
          const driverCpuSeconds = (driver.user + driver.system) / 1e6;
          const machineBusyCores =
            machineBefore && machineAfter
              ? (machineAfter.busySeconds - machineBefore.busySeconds) / ((machineAfter.totalSeconds - machineBefore.totalSeconds) / os.cpus().length)
              : undefined;
          const ok = result["2xx"];
          samples.push({
            round,
            operation: operation.id,
            variant,
            requestsPerSecond: ok / result.duration,
            responses2xx: ok,
            non2xx: result.non2xx,
            errors: result.errors,
            timeouts: result.timeouts,
            latencyP50Ms: result.latency.p50,
            latencyP99Ms: result.latency.p99,
            latencyMeanMs: result.latency.average,
            serverCpuPercent: (serverCpuSeconds / wallSeconds) * 100,
            serverCpuMicrosPerRequest: ok > 0 ? (serverCpuSeconds * 1e6) / ok : NaN,
            // The server's CPU plus the stores' (database, Redis) during the window: what a request costs in all, wherever it runs.
            totalCpuMicrosPerRequest: ok > 0 ? ((serverCpuSeconds + (delta("database") ?? 0) + (delta("redis") ?? 0)) * 1e6) / ok : NaN,
            rssMB: window.rssBytes / 2 ** 20,
            maxRssMB: window.maxRssBytes / 2 ** 20,
            loopDelayP99Ms: window.loopDelayP99Ms,
            loopDelayMaxMs: window.loopDelayMaxMs,
            driverCpuPercent: (driverCpuSeconds / wallSeconds) * 100,
            machineBusyCores,
            databaseCpuPercent: delta("database") === undefined ? undefined : (delta("database")! / wallSeconds) * 100,
            redisCpuPercent: delta("redis") === undefined ? undefined : (delta("redis")! / wallSeconds) * 100,
            idleVariantsCpuPercent: delta("idle") === undefined ? undefined : (delta("idle")! / wallSeconds) * 100,
            otherProcessesCores:
              machineBusyCores === undefined ? undefined : Math.max(0, machineBusyCores - (serverCpuSeconds + driverCpuSeconds + accounted) / wallSeconds),
          });
          done++;
          const s = samples.at(-1)!;
          log(
            `[${done}/${totalMeasurements}] round ${round + 1} ${operation.id.padEnd(10)} ${variant.padEnd(7)} ` +
              `${s.requestsPerSecond.toFixed(0).padStart(6)} req/s  p50 ${s.latencyP50Ms} ms  p99 ${s.latencyP99Ms} ms  ` +
              `cpu ${s.serverCpuPercent.toFixed(0)}%  db ${s.databaseCpuPercent?.toFixed(0) ?? "?"}%  others ${s.otherProcessesCores?.toFixed(2) ?? "?"} cores`,
          );
        }
      }
    }
  } finally {
    await stopAll();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }

  const finishedAt = new Date();
  const uptimeAfter = uptime();
  const loadAfter = os.loadavg();
  const cpus = os.cpus();
  const results: Results = {
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    elapsedSeconds: (finishedAt.getTime() - startedAt.getTime()) / 1000,
    machine: {
      cores: cpus.length,
      cpuModel: cpus[0]?.model ?? "unknown",
      node: process.version,
      os: `${os.type()} ${os.release()} ${os.arch()}`,
      memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
      uptimeBefore,
      uptimeAfter,
      loadBefore,
      loadAfter,
      // Busy: other work on the machine beyond this benchmark's own processes, before it started or while it ran.
      busy: false,
    },
    software: {
      git: gitDescription(),
      "@apollo/server": versionOf("@apollo/server"),
      fastify: versionOf("fastify"),
      "graphql-yoga": versionOf("graphql-yoga"),
      "@graphql-yoga/plugin-jwt": versionOf("@graphql-yoga/plugin-jwt"),
      graphql: versionOf("graphql"),
      "type-graphql": versionOf("type-graphql"),
      jose: versionOf("jose"),
      jsonwebtoken: versionOf("jsonwebtoken"),
      mongoose: versionOf("mongoose"),
      ioredis: versionOf("ioredis"),
      autocannon: versionOf("autocannon"),
    },
    settings: { ...settings, database: env.database.kind, serverEnvironment: redactedEnvironment(env) },
    variants: VARIANTS.filter((v) => requestedVariants.includes(v.id)).map((v) => ({ ...v, skipped: env.skipped[v.id] })),
    operations: operations.map(({ id, label, query, authenticated }) => ({ id, label, query, authenticated })),
    ceiling: CEILING,
    peer: PEER,
    correctness: correctness.map(({ body: _body, ...rest }) => rest),
    warmups,
    commandCounts,
    samples,
    ruleDecision,
    summary: [],
    targets: [],
  };
  summarize(results);

  mkdirSync(settings.outDir, { recursive: true });
  const stamp = startedAt.toISOString().replace(/[:.]/g, "-");
  const json = JSON.stringify(results, null, 2) + "\n";
  const markdown = renderMarkdown(results);
  writeFileSync(path.join(settings.outDir, `${stamp}.json`), json);
  writeFileSync(path.join(settings.outDir, "latest.json"), json);
  writeFileSync(path.join(settings.outDir, "latest.md"), markdown);
  console.log(markdown);
  log(`done in ${results.elapsedSeconds.toFixed(0)} s; results in ${path.relative(process.cwd(), settings.outDir) || "."}/${stamp}.json, latest.json, latest.md`);
}

/** The variants' environment as recorded in the results: paths and the database port are this run's own. */
function redactedEnvironment(env: Environment): Record<string, string> {
  const { DATA_DIR: _d, JWT_KEYS_FILE: _k, MONGODB_URI: _m, ...rest } = env.serverEnv;
  return { ...rest, MONGODB_URI: "(this run's embedded database)", JWT_KEYS_FILE: "(a fresh ES256 key)" };
}

main().catch((error: unknown) => {
  console.error("bench failed:", error instanceof Error ? error.stack : error);
  process.exit(1);
});
