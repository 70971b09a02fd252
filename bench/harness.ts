import { fork, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { Redis } from "ioredis";
import mongoose from "mongoose";
import { createAccessTokenIssuer } from "../src/tokens/access-token.js";
import { generatePrivateJwk, loadKeySet, staticKeyRing } from "../src/tokens/keys.js";
import { writeKeyFile } from "../src/tokens/key-file.js";
import { loadConfig } from "../src/config.js";
import { connectDatabase, disconnectDatabase } from "../src/db/connection.js";
import { ensureIndexes } from "../src/db/indexes.js";
import { resolveDatabase, type DatabaseTarget } from "../src/db/resolve.js";
import { createLogger } from "../src/logger.js";
import { PostModel, PostStatus } from "../src/posts/post.model.js";
import { seedDemoAccounts } from "../src/users/demo-accounts.js";
import { UserModel } from "../src/users/user.model.js";
import {
  BENCH_VIEWER_EMAIL,
  SERVER_ENVIRONMENT,
  VARIANT_ENVIRONMENT,
  VARIANTS,
  type Command,
  type CommandCounts,
  type Operation,
  type Reply,
  type VariantId,
  type Window,
} from "./common.js";
import { SESSION_COLLECTION, storeMongoSession, storeRedisSession } from "./variants/sessions.js";

/**
 * The benchmark's moving parts, shared by run.ts (the measurement) and
 * profile.ts (a CPU profile of one variant): one embedded database with seeded
 * data, one key file, credentials for each variant, and the variant servers as
 * child processes driven over IPC.
 */

const benchDir = path.dirname(fileURLToPath(import.meta.url));
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
export const SEEDED_POSTS = 120;

export interface Environment {
  runId: string;
  workDir: string;
  serverEnv: Record<string, string>;
  database: DatabaseTarget;
  /** `Authorization` header value per variant: a JWT, or an opaque session id. */
  credentials: Record<VariantId, string>;
  /** Variants that cannot run here (e.g. no Redis), with why. */
  skipped: Partial<Record<VariantId, string>>;
  /** The processes whose CPU time is accounted for beside the servers': the database, and Redis when local. */
  databasePid?: number;
  redisPid?: number;
  cleanup(): Promise<void>;
}

async function seedPosts(): Promise<void> {
  const authors = await UserModel.find().select({ _id: 1 }).lean();
  const body = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(6).trim();
  await PostModel.insertMany(
    Array.from({ length: SEEDED_POSTS }, (_, i) => ({
      title: `Benchmark post ${i + 1}`,
      body,
      authorId: authors[i % authors.length]!._id,
      status: i % 4 === 0 ? PostStatus.DRAFT : PostStatus.PUBLISHED,
      reviewNotes: i % 4 === 0 ? null : `Reviewed, round ${i + 1}`,
      publishedAt: i % 4 === 0 ? null : new Date(),
    })),
  );
}

async function redisReachable(redis: Redis): Promise<boolean> {
  try {
    await Promise.race([redis.ping(), new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 2_000))]);
    return true;
  } catch {
    return false;
  }
}

/** Starts the database, seeds it, writes the key file, signs the benchmark's viewer in every way the variants need. */
export async function prepareEnvironment(log: (line: string) => void): Promise<Environment> {
  const runId = randomBytes(4).toString("hex");
  const workDir = mkdtempSync(path.join(os.tmpdir(), "tessera-bench-"));
  const setupConfig = loadConfig({ NODE_ENV: "development", DATA_DIR: workDir, LOG_LEVEL: "warn", LOG_FORMAT: "json" });
  const logger = createLogger(setupConfig);
  const database = await resolveDatabase(setupConfig, logger);
  log(`database: ${database.kind} at ${database.uri}`);
  const redisPrefix = `tessera-bench:${runId}:session:`;
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true, enableOfflineQueue: true });
  redis.on("error", () => {});
  /** Only the keys this run wrote (under its own prefix): the Redis may be shared. */
  const redisKeys: string[] = [];
  const cleanup = async () => {
    if (redis.status === "ready" && redisKeys.length > 0) await redis.del(...redisKeys).catch(() => {});
    redis.disconnect();
    await disconnectDatabase().catch(() => {});
    await database.stop();
    rmSync(workDir, { recursive: true, force: true });
  };

  try {
    await connectDatabase(database.uri, { monitorCommands: false }, logger);
    await ensureIndexes(logger);
    await seedDemoAccounts(logger);
    await seedPosts();

    const keysFile = path.join(workDir, "keys", "es256-signing-keys.json");
    writeKeyFile(keysFile, { keys: [{ ...(await generatePrivateJwk("ES256")), status: "active" }] });
    const serverEnv: Record<string, string> = {
      ...SERVER_ENVIRONMENT,
      DATA_DIR: workDir,
      MONGODB_URI: database.uri,
      JWT_ALG: "ES256",
      JWT_KEYS_FILE: keysFile,
      BENCH_REDIS_URL: REDIS_URL,
      BENCH_REDIS_PREFIX: redisPrefix,
    };

    // What a sign-in would have issued: the JWT for variants 1, 2 and 5, the same claims in a session for 3 and 4.
    const config = loadConfig(serverEnv);
    const issue = createAccessTokenIssuer(staticKeyRing(await loadKeySet(config)), config.jwt);
    const viewer = await UserModel.findOne({ email: BENCH_VIEWER_EMAIL }).lean();
    if (!viewer) throw new Error(`the seeded ${BENCH_VIEWER_EMAIL} is missing`);
    const { token, claims } = await issue(viewer);
    const ttl = config.jwt.accessTokenTtlSeconds;

    const skipped: Environment["skipped"] = {};
    await redis.connect().catch(() => {});
    const redisSession = (await redisReachable(redis)) ? await storeRedisSession(redis, redisPrefix, claims, ttl) : undefined;
    if (redisSession) redisKeys.push(redisPrefix + redisSession);
    else skipped.redis = `Redis not reachable at ${REDIS_URL}`;
    const mongoSession = await storeMongoSession(claims, ttl);

    return {
      runId,
      workDir,
      serverEnv,
      database,
      databasePid: childPidMatching(/embedded-db|mongod/),
      redisPid: redisSession ? pidNamed("redis-server") : undefined,
      credentials: {
        noauth: `Bearer ${token}`,
        tessera: `Bearer ${token}`,
        logged: `Bearer ${token}`,
        yoga: `Bearer ${token}`,
        redis: `Bearer ${redisSession ?? "unavailable"}`,
        mongo: `Bearer ${mongoSession}`,
      },
      skipped,
      cleanup: async () => {
        await mongoose.connection.db?.collection(SESSION_COLLECTION).deleteMany({}).catch(() => {});
        await cleanup();
      },
    };
  } catch (error) {
    await cleanup().catch(() => {});
    throw error;
  }
}

/** One variant's process, and the IPC calls the orchestrator makes to it. */
export class VariantServer {
  private nextId = 1;
  private pending = new Map<number, (reply: Reply) => void>();
  readonly url: string;

  private constructor(
    readonly variant: VariantId,
    readonly child: ChildProcess,
    readonly port: number,
    readonly logFile: string,
  ) {
    this.url = `http://127.0.0.1:${port}/graphql`;
    child.on("message", (reply: Reply) => {
      if (!("id" in reply)) return;
      this.pending.get(reply.id)?.(reply);
      this.pending.delete(reply.id);
    });
  }

  static start(variant: VariantId, env: Environment, execArgv: string[] = []): Promise<VariantServer> {
    const logFile = path.join(env.workDir, `${variant}.log`);
    const out = openSync(logFile, "a");
    const child = fork(path.join(benchDir, "server.js"), [], {
      // A clean environment: only what the variants share, so nothing from the caller's shell (REDIS_URL, LOG_LEVEL…) leaks in.
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env.serverEnv, ...VARIANT_ENVIRONMENT[variant], BENCH_VARIANT: variant },
      stdio: ["ignore", out, out, "ipc"],
      execArgv,
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        reject(new Error(`${variant} did not start within 60 s; see ${logFile}`));
      }, 60_000);
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`${variant} exited with ${code} while starting:\n${readFileSync(logFile, "utf8").slice(-2000)}`));
      });
      child.on("message", (reply: Reply) => {
        if (reply.type === "failed") {
          clearTimeout(timer);
          reject(new Error(`${variant} failed to start: ${reply.message}`));
        } else if (reply.type === "ready") {
          clearTimeout(timer);
          child.removeAllListeners("exit");
          resolve(new VariantServer(variant, child, reply.port, logFile));
        }
      });
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  private call(type: Command["type"], timeoutMs = 15_000, extra: Record<string, unknown> = {}): Promise<Reply> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.variant}: no reply to ${type}`));
      }, timeoutMs);
      this.pending.set(id, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
      this.child.send({ id, type, ...extra } as Command);
    });
  }

  async begin(): Promise<void> {
    await this.call("begin");
  }

  async end(): Promise<Window> {
    const reply = await this.call("end");
    if (reply.type !== "window") throw new Error(`${this.variant}: unexpected reply ${reply.type}`);
    return reply.window;
  }

  async resetCounts(): Promise<void> {
    await this.call("countReset");
  }

  async readCounts(): Promise<CommandCounts> {
    const reply = await this.call("countRead");
    if (reply.type !== "counts") throw new Error(`${this.variant}: unexpected reply ${reply.type}`);
    return reply.counts;
  }

  async startProfile(): Promise<void> {
    await this.call("profileStart");
  }

  async stopProfile(file: string): Promise<void> {
    await this.call("profileStop", 60_000, { file });
  }

  /** Asks the server to stop; kills it if it has not exited within 10 s. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    await this.call("stop", 10_000).catch(() => {});
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

export function requestBody(operation: Operation): string {
  return JSON.stringify({ query: operation.query, variables: operation.variables ?? {} });
}

export function requestHeaders(operation: Operation, credential: string): Record<string, string> {
  return { "content-type": "application/json", ...(operation.authenticated ? { authorization: credential } : {}) };
}

/** One request, as a client would send it: the status, the body as text, and parsed. */
export async function send(server: VariantServer, operation: Operation, credential: string) {
  const response = await fetch(server.url, { method: "POST", headers: requestHeaders(operation, credential), body: requestBody(operation) });
  const text = await response.text();
  let json: { data?: unknown; errors?: unknown[] } | undefined;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json };
}

export interface LoadOptions {
  connections: number;
  durationSeconds: number;
  /** Counted as mismatches by autocannon when a response body differs. */
  expectBody?: string;
}

/** autocannon, in this (the orchestrator's) process: fixed connections, fixed duration, bounded. */
export function drive(server: VariantServer, operation: Operation, credential: string, options: LoadOptions): Promise<autocannon.Result> {
  return autocannon({
    url: server.url,
    method: "POST",
    headers: requestHeaders(operation, credential),
    body: requestBody(operation),
    connections: options.connections,
    duration: options.durationSeconds,
    timeout: 10,
    ...(options.expectBody !== undefined ? { expectBody: options.expectBody } : {}),
  });
}

/** A child of this process whose command line matches (the embedded database the harness started). */
function childPidMatching(pattern: RegExp): number | undefined {
  try {
    for (const task of readdirSync(`/proc/${process.pid}/task`)) {
      const children = readFileSync(`/proc/${process.pid}/task/${task}/children`, "utf8").trim().split(/\s+/).filter(Boolean);
      for (const pid of children) {
        if (pattern.test(readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " "))) return Number(pid);
      }
    }
  } catch {
    // Not Linux, or the process went: its CPU is then not accounted for.
  }
  return undefined;
}

/** A process by its name (the local redis-server), to account for its CPU time. */
function pidNamed(name: string): number | undefined {
  try {
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        if (readFileSync(`/proc/${entry}/comm`, "utf8").trim() === name) return Number(entry);
      } catch {
        // gone meanwhile
      }
    }
  } catch {
    // not Linux
  }
  return undefined;
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat; undefined when unknown. */
export function processCpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** Whole-machine CPU time from /proc/stat (Linux), in seconds of CPU: to tell how busy the rest of the machine was. */
export function machineCpu(): { busySeconds: number; totalSeconds: number } | undefined {
  try {
    const fields = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = fields as number[];
    const ticks = 100; // USER_HZ
    const busy = user! + nice! + system! + irq! + softirq! + steal!;
    return { busySeconds: busy / ticks, totalSeconds: (busy + idle! + iowait!) / ticks };
  } catch {
    return undefined;
  }
}

export function variantLabel(id: VariantId): string {
  const v = VARIANTS.find((x) => x.id === id)!;
  return `${v.n} ${v.id}`;
}
