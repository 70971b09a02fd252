import { randomBytes } from "node:crypto";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import mongoose from "mongoose";
import { hashPassword, verifyPassword } from "../src/accounts/passwords.js";
import { loadConfig } from "../src/config.js";
import { connectDatabase, disconnectDatabase } from "../src/db/connection.js";
import { sweepExpired } from "../src/db/expiry-sweeper.js";
import { ensureIndexes } from "../src/db/indexes.js";
import { resolveDatabase } from "../src/db/resolve.js";
import { createLogger } from "../src/logger.js";
import { pageRequest, encodeCursor } from "../src/pagination/cursor.js";
import { createPostByIdLoader } from "../src/posts/post-by-id.loader.js";
import { PostModel, PostStatus } from "../src/posts/post.model.js";
import { createPostsByAuthorLoader } from "../src/posts/posts-by-author.loader.js";
import { visiblePostsPage } from "../src/posts/visible-posts-page.js";
import { projectRoot } from "../src/paths.js";
import { RefreshFamilyModel, RefreshTokenModel } from "../src/sessions/refresh-token.model.js";
import { revokeFamilyOf, rotateRefreshToken, startRefreshFamily } from "../src/sessions/refresh.js";
import { endEverySession } from "../src/sessions/end-every-session.js";
import { startRevocations } from "../src/sessions/revocation.js";
import { linkedUserId } from "../src/tokens/issuers/linked-user-id.js";
import { ensureLinkedUser } from "../src/users/linked-user.js";
import { updateUser } from "../src/users/update-user.js";
import { RevocationModel } from "../src/sessions/revocation.model.js";
import { viewerFromClaims } from "../src/tokens/claims.js";
import { Role } from "../src/tokens/role.js";
import { UserEmailModel } from "../src/users/user-email.model.js";
import { userIdForEmail } from "../src/users/user-emails.js";
import { UserModel } from "../src/users/user.model.js";
import { quantile } from "./built-api.js";

/**
 * What each request path costs as the data grows: 1k, 10k and 100k users (and as many refresh tokens and posts),
 * on the embedded default, or on MONGODB_URI when set. Each operation runs in-process against the real database,
 * as the resolvers run it; p50 and p99 over SAMPLES runs (fewer, at least 5, for an operation slower than 20 s in all). `npm run bench:growth`; writes
 * bench/results/growth.{md,json}.
 */

const SIZES = (process.env.BENCH_GROWTH_SIZES ?? "1000,10000,100000").split(",").map(Number);
const SAMPLES = Number(process.env.BENCH_GROWTH_SAMPLES ?? 50);
const BATCH = 1_000;
const TIME_BUDGET_MS = 20_000;

async function timed(run: (i: number) => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < 3; i++) await run(i);
  const times: number[] = [];
  const began = performance.now();
  // Slow operations (a scan of 100k documents) stop after TIME_BUDGET_MS, with at least 5 samples.
  for (let i = 3; i < SAMPLES + 3 && (times.length < 5 || performance.now() - began < TIME_BUDGET_MS); i++) {
    const started = performance.now();
    await run(i);
    times.push(performance.now() - started);
  }
  return { p50: quantile(times, 0.5), p99: quantile(times, 0.99) };
}

const workDir = mkdtempSync(path.join(os.tmpdir(), "tessera-growth-"));
const config = loadConfig({ NODE_ENV: "development", DATA_DIR: workDir, LOG_LEVEL: "warn", LOG_FORMAT: "json", MONGODB_URI: process.env.MONGODB_URI ?? "" });
const logger = createLogger(config);
const database = await resolveDatabase(config, logger);
interface Background {
  /** Documents the pass handled. */
  documents: number;
  ms: number;
  /** The event loop's delay while it ran (perf_hooks, 5 ms resolution): what every request on the instance waited. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** A sign-in's writes (a refresh family and its first token) started one after another while it ran. */
  signInWritesP99Ms: number;
}
const results: Array<{ size: number; operations: Record<string, { p50: number; p99: number }>; background: Record<string, Background> }> = [];

/** Runs one background pass, watching the event loop and timing sign-in writes beside it. */
async function watched(author: mongoose.Types.ObjectId, pass: () => Promise<number>): Promise<Background> {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  const writes: number[] = [];
  let running = true;
  const writer = (async () => {
    while (running) {
      const started = performance.now();
      await startRefreshFamily(author, 60);
      writes.push(performance.now() - started);
    }
  })();
  delay.enable();
  const started = performance.now();
  const documents = await pass();
  const ms = performance.now() - started;
  delay.disable();
  running = false;
  await writer;
  return { documents, ms, loopDelayP99Ms: delay.percentile(99) / 1e6, loopDelayMaxMs: delay.max / 1e6, signInWritesP99Ms: quantile(writes, 0.99) };
}

try {
  await connectDatabase(database.uri, { monitorCommands: false }, logger);
  await ensureIndexes(logger);
  const passwordHash = await hashPassword("growth-password");
  const authors: mongoose.Types.ObjectId[] = [];
  let users = 0;
  let posts = 0;
  let tokens = 0;
  // Recent revocations (one per user who signed out everywhere within the longest token lifetime) do not grow
  // with the users: the resync is timed over the same 1,000 at every size, and once, below, over as many as users.
  const RECENT_REVOCATIONS = 1_000;
  const seedRevocations = (prefix: string, count: number, expiresAt: Date) =>
    RevocationModel.insertMany(
      Array.from({ length: count }, (_, i) => ({ _id: `${prefix}-${i}`, validAfter: new Date(), expiresAt })),
      { lean: true },
    );
  await seedRevocations("recent", RECENT_REVOCATIONS, new Date(Date.now() + 86_400_000));
  const revocations = await startRevocations({ maxTokenLifetimeSeconds: 3_600, resyncMs: 3_600_000, logger });
  const liveRefreshTokens = async (count: number) => {
    const issued: string[] = [];
    for (let i = 0; i < count; i++) issued.push((await startRefreshFamily(authors[0]!, 3_600)).token);
    return issued;
  };

  for (const size of SIZES) {
    const seeding = performance.now();
    for (; users < size; users += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, size - users) }, (_, i) => ({
        _id: new mongoose.Types.ObjectId(),
        email: `person${users + i}@growth.test`,
        displayName: `Person ${users + i}`,
        roles: [Role.USER],
        passwordHash,
      }));
      await UserModel.insertMany(batch, { lean: true });
      await UserEmailModel.insertMany(batch.map((user) => ({ _id: user.email, userId: user._id })), { lean: true });
      authors.push(...batch.slice(0, 10).map((user) => user._id));
    }
    for (; posts < size; posts += BATCH) {
      await PostModel.insertMany(
        Array.from({ length: Math.min(BATCH, size - posts) }, (_, i) => ({
          title: `Post ${posts + i}`,
          body: "Growth.",
          authorId: authors[(posts + i) % authors.length],
          status: (posts + i) % 4 === 0 ? PostStatus.DRAFT : PostStatus.PUBLISHED,
          publishedAt: new Date(),
        })),
        { lean: true },
      );
    }
    const expiresAt = new Date(Date.now() + 86_400_000);
    for (; tokens < size; tokens += BATCH) {
      const families = Array.from({ length: Math.min(BATCH, size - tokens) }, (_, i) => ({ _id: `growth-${tokens + i}`, userId: authors[i % authors.length], expiresAt }));
      await RefreshFamilyModel.insertMany(families, { lean: true });
      await RefreshTokenModel.insertMany(
        families.map((family) => ({ _id: randomBytes(32).toString("hex"), familyId: family._id, userId: family.userId, parentHash: `root:${family._id}`, expiresAt })),
        { lean: true },
      );
    }
    console.log(`${size}: seeded in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);

    // Live refresh tokens to rotate or sign out with, each once.
    const toRotate = await liveRefreshTokens(SAMPLES + 3);
    const toSignOut = await liveRefreshTokens(SAMPLES + 3);
    const viewer = viewerFromClaims({
      iss: "growth", sub: authors[0]!.toString(), aud: "growth", iat: 0, exp: 2 ** 31, jti: "growth", client_id: "growth", roles: [Role.USER], scope: "posts:read", plan: "free",
    });
    const somePost = await PostModel.findOne({ status: PostStatus.PUBLISHED }).sort({ _id: -1 }).lean();
    const deepCursor = encodeCursor((await PostModel.find({ status: PostStatus.PUBLISHED }).sort({ _id: -1 }).skip(Math.floor(size / 2)).limit(1).lean())[0]!._id);
    // The operation deadline the page queries carry: far beyond any of them, so each is timed to its end.
    const aMinuteFromNow = () => Date.now() + 60_000;
    const operations: Record<string, { p50: number; p99: number }> = {
      "signIn: lookup": await timed(async (i) => {
        const id = await userIdForEmail(`person${(i * 7919) % size}@growth.test`);
        return UserModel.findById(id).select("+passwordHash").lean();
      }),
      "signIn: argon2id": await timed(() => verifyPassword(passwordHash, "growth-password")),
      refreshToken: await timed((i) => rotateRefreshToken(toRotate[i]!, (userId) => UserModel.findById(userId).lean(), undefined)),
      signOut: await timed((i) => revokeFamilyOf(toSignOut[i]!)),
      // Everything but argon2: the user read with its hash, the new hash written, every session ended.
      "changePassword: lookup and writes": await timed(async (i) => {
        const userId = authors[1 + (i % (authors.length - 1))]!;
        const user = await UserModel.findById(userId).select("+passwordHash").lean();
        await updateUser(user!._id, { passwordHash });
        return endEverySession(userId.toString(), revocations);
      }),
      "external user linked": await timed((i) => {
        const subject = `growth-${size}-${i}`;
        const profile = { email: `${subject}@idp.growth.test`, displayName: subject };
        return ensureLinkedUser({ ...viewer, id: linkedUserId("https://idp.growth.test", subject), issuer: "https://idp.growth.test", subject, profile });
      }),
      me: await timed((i) => UserModel.findById(authors[i % authors.length]).lean()),
      "post(id)": await timed(() => createPostByIdLoader(viewer).load(somePost!._id.toString())),
      "posts(first: 20)": await timed(() => visiblePostsPage(viewer, aMinuteFromNow(), pageRequest(20, null))),
      "posts(first: 20, after: the middle)": await timed(() => visiblePostsPage(viewer, aMinuteFromNow(), pageRequest(20, deepCursor))),
      "User.posts(first: 20)": await timed((i) => createPostsByAuthorLoader(viewer, aMinuteFromNow()).load({ authorId: authors[i % authors.length]!.toString(), page: pageRequest(20, null) })),
      [`revocation resync (${RECENT_REVOCATIONS.toLocaleString("en")} revoked)`]: await timed(() => revocations.resync()),
    };
    for (const [name, { p50, p99 }] of Object.entries(operations)) console.log(`  ${name}: p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms`);

    // As many expired refresh tokens as there are users, for one sweeper pass to delete, expired over the last hour.
    const expiredAt = () => new Date(Date.now() - 1_000 - Math.floor(Math.random() * 3_600_000));
    for (let seeded = 0; seeded < size; seeded += BATCH) {
      await RefreshTokenModel.insertMany(
        Array.from({ length: Math.min(BATCH, size - seeded) }, () => {
          const hash = randomBytes(32).toString("hex");
          return { _id: hash, familyId: "growth-expired", userId: authors[0], parentHash: `expired:${hash}`, expiresAt: expiredAt() };
        }),
        { lean: true },
      );
    }
    // As many revoked as there are users, the most a resync could find, for an instance of its own.
    const burst = await startRevocations({ maxTokenLifetimeSeconds: 3_600, resyncMs: 3_600_000, logger });
    for (let seeded = RECENT_REVOCATIONS; seeded < size; seeded += BATCH) {
      await seedRevocations(`burst-${size}-${seeded}`, Math.min(BATCH, size - seeded), new Date(Date.now() + 86_400_000));
    }
    const background = {
      "expiry sweeper pass": await watched(authors[0]!, () => sweepExpired({ model: RefreshTokenModel, field: "expiresAt" }, new Date())),
      "revocation resync": await watched(authors[0]!, async () => {
        await burst.resync();
        return size;
      }),
    };
    await burst.stop();
    // Back to the recent ones alone.
    await RevocationModel.collection.drop();
    await seedRevocations("recent", RECENT_REVOCATIONS, new Date(Date.now() + 86_400_000));
    for (const [name, b] of Object.entries(background)) {
      console.log(`  ${name}: ${b.documents} documents in ${b.ms.toFixed(0)} ms; event-loop delay p99 ${b.loopDelayP99Ms.toFixed(1)} ms (max ${b.loopDelayMaxMs.toFixed(1)}); sign-in writes beside it p99 ${b.signInWritesP99Ms.toFixed(1)} ms`);
    }
    results.push({ size, operations, background });
  }
  await revocations.stop();
} finally {
  await disconnectDatabase().catch(() => {});
  await database.stop();
  rmSync(workDir, { recursive: true, force: true });
}

const names = Object.keys(results[0]?.operations ?? {});
const table = [
  `| operation | ${results.map((r) => `${r.size.toLocaleString("en")} p50 / p99 (ms)`).join(" | ")} |`,
  `| --- | ${results.map(() => "---").join(" | ")} |`,
  ...names.map((name) => `| ${name} | ${results.map((r) => `${r.operations[name]!.p50.toFixed(2)} / ${r.operations[name]!.p99.toFixed(2)}`).join(" | ")} |`),
].join("\n");
const passes = Object.keys(results[0]?.background ?? {});
const backgroundTable = [
  "| pass | size | documents | took (ms) | event-loop delay p99 / max (ms) | sign-in writes beside it, p99 (ms) |",
  "| --- | --- | --- | --- | --- | --- |",
  ...passes.flatMap((pass) =>
    results.map(({ size, background }) => {
      const b = background[pass]!;
      return `| ${pass} | ${size.toLocaleString("en")} | ${b.documents.toLocaleString("en")} | ${b.ms.toFixed(0)} | ${b.loopDelayP99Ms.toFixed(1)} / ${b.loopDelayMaxMs.toFixed(1)} | ${b.signInWritesP99Ms.toFixed(1)} |`;
    }),
  ),
].join("\n");
const where = process.env.MONGODB_URI ? "MONGODB_URI" : `the embedded default (${database.kind})`;
const outDir = path.join(projectRoot, "bench/results");
mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, "growth.json"), JSON.stringify({ date: new Date().toISOString(), database: where, samples: SAMPLES, results }, null, 2) + "\n");
writeFileSync(
  path.join(outDir, "growth.md"),
  `# Growth\n\n${new Date().toISOString().slice(0, 10)}, ${where}, ${os.cpus().length} cores, ${SAMPLES} samples per operation, in-process.\n\n${table}\n\n## Background work\n\nOne pass at each size, over as many expired refresh tokens (the sweeper) and recent revocations (the resync) as there are users.\n\n${backgroundTable}\n`,
);
console.log(`${table}\n\n${backgroundTable}`);
