import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { monitorEventLoopDelay } from "node:perf_hooks";
import mongoose from "mongoose";
import { loadConfig } from "../src/config.js";
import { createLogger } from "../src/logger.js";
import { isVariantId, type Command, type CommandCounts, type Reply } from "./common.js";
import { startApolloVariant, type RunningVariant } from "./variants/apollo.js";
import type { SessionCounter } from "./variants/sessions.js";
import { startYogaVariant } from "./variants/yoga.js";

/**
 * One benchmark variant in its own process, started by run.ts with an IPC
 * channel (never on its own). Measurement happens here only where it must:
 * CPU time, RSS, event-loop delay and database command counts, read by the
 * orchestrator over IPC between load runs, so no bench route is served.
 */
const variant = process.env.BENCH_VARIANT;
const send = (reply: Reply) => process.send!(reply);
if (!process.send || !isVariantId(variant)) {
  console.error("bench/server.js is started by bench/run.js (BENCH_VARIANT and an IPC channel)");
  process.exit(2);
}

const config = loadConfig();
const logger = createLogger(config);
const counter: SessionCounter = { lookups: 0 };

let running: RunningVariant;
try {
  running =
    variant === "yoga"
      ? await startYogaVariant(config, logger)
      : await startApolloVariant(variant, config, logger, {
          redisUrl: process.env.BENCH_REDIS_URL!,
          keyPrefix: process.env.BENCH_REDIS_PREFIX!,
          counter,
        });
} catch (error) {
  send({ type: "failed", message: error instanceof Error ? error.stack ?? error.message : String(error) });
  process.exit(1);
}

// Every command the driver sends (mongoose connects with monitorCommands on), by name.
let database: Record<string, number> = {};
mongoose.connection.getClient().on("commandStarted", (event) => {
  database[event.commandName] = (database[event.commandName] ?? 0) + 1;
});

// Sampled only inside a measured window: idle variants keep no 5 ms timer running beside the one being driven.
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
let windowStart = { cpu: process.cpuUsage(), wall: performance.now() };
// Only profile.ts uses it: the window under load alone, without start-up.
let profiler: Session | undefined;

process.on("message", (message: Command) => {
  void (async () => {
    switch (message.type) {
      case "begin":
        loopDelay.reset();
        loopDelay.enable();
        windowStart = { cpu: process.cpuUsage(), wall: performance.now() };
        return send({ id: message.id, type: "ok" });
      case "end": {
        const cpu = process.cpuUsage(windowStart.cpu);
        loopDelay.disable();
        return send({
          id: message.id,
          type: "window",
          window: {
            cpuUserMicros: cpu.user,
            cpuSystemMicros: cpu.system,
            wallMs: performance.now() - windowStart.wall,
            rssBytes: process.memoryUsage.rss(),
            maxRssBytes: process.resourceUsage().maxRSS * 1024,
            loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
            loopDelayMaxMs: loopDelay.max / 1e6,
          },
        });
      }
      case "countReset":
        database = {};
        counter.lookups = 0;
        return send({ id: message.id, type: "ok" });
      case "countRead": {
        const counts: CommandCounts = { database: { ...database }, redis: counter.lookups };
        return send({ id: message.id, type: "counts", counts });
      }
      case "profileStart":
        profiler = new Session();
        profiler.connect();
        await profiler.post("Profiler.enable");
        await profiler.post("Profiler.start");
        return send({ id: message.id, type: "ok" });
      case "profileStop": {
        const { profile } = await profiler!.post("Profiler.stop");
        writeFileSync(message.file, JSON.stringify(profile));
        profiler!.disconnect();
        return send({ id: message.id, type: "ok" });
      }
      case "stop":
        loopDelay.disable();
        await running.stop().catch((error: unknown) => logger.warn({ err: error }, "bench variant stop failed"));
        send({ id: message.id, type: "ok" });
        process.disconnect();
        return;
    }
  })();
});
// The orchestrator gone (even killed): go too.
process.on("disconnect", () => setTimeout(() => process.exit(0), 100).unref());

send({ type: "ready", variant, port: running.port, pid: process.pid });
