import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { projectRoot } from "../src/paths.js";
import WebSocket from "ws";
import { quantile, startBuiltApi } from "./built-api.js";

/**
 * One event to many subscribers, on the built API in its own process with the embedded database: every socket
 * authenticated and subscribed to `postPublished`. Prints how long the sockets took to connect, the API's RSS per
 * idle socket, and how long one publish took to reach all of them (p50, p99, last). `npm run bench:subscribers`;
 * BENCH_SOCKETS (10000). Writes bench/results/subscribers-<sockets>.txt.
 */

const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 10_000);
const CONCURRENT_CONNECTS = 200;

const api = await startBuiltApi("subscribers");
const { url } = api;
const rssMb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${api.pid}/status`, "utf8"))![1]) / 1024;

async function graphql(query: string, token?: string): Promise<any> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...(token && { authorization: `Bearer ${token}` }) }, body: JSON.stringify({ query }) });
  return ((await response.json()) as { data: any }).data;
}

const sockets: WebSocket[] = [];
try {
  const signIn = (email: string) => graphql(`mutation { signIn(email: "${email}", password: "tessera-demo") { accessToken } }`).then((d) => d.signIn.accessToken as string);
  const user = await signIn("user@tessera.dev");
  const editor = await signIn("editor@tessera.dev");
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const rssBefore = rssMb();

  const arrivals: number[] = [];
  let publishedAt = 0;
  let expected = "";
  const open = () =>
    new Promise<void>((resolve, reject) => {
      const socket = new WebSocket(url.replace(/^http/, "ws"), "graphql-transport-ws");
      sockets.push(socket);
      socket.on("error", reject);
      socket.on("open", () => socket.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${user}` } })));
      socket.on("message", (data) => {
        const message = JSON.parse(String(data)) as { type: string; payload?: any };
        if (message.type === "connection_ack") {
          socket.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query: "subscription { postPublished { id title } }" } }));
          resolve();
        } else if (message.type === "next" && message.payload?.data?.postPublished?.id === expected) {
          arrivals.push(performance.now() - publishedAt);
        }
      });
    });
  const connecting = performance.now();
  for (let at = 0; at < SOCKETS; at += CONCURRENT_CONNECTS) await Promise.all(Array.from({ length: Math.min(CONCURRENT_CONNECTS, SOCKETS - at) }, open));
  const connectedIn = performance.now() - connecting;
  // Each subscription is registered a moment after its frame; let the last ones settle, then weigh the idle sockets.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const rssAfter = rssMb();

  const draft = await graphql('mutation { createPost(input: { title: "To everyone", body: "One event." }) { id } }', editor);
  expected = draft.createPost.id;
  publishedAt = performance.now();
  await graphql(`mutation { publishPost(id: "${expected}") { id } }`, editor);
  for (const deadline = Date.now() + 60_000; arrivals.length < SOCKETS && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 50));

  const report = [
    `${SOCKETS} authenticated sockets, each subscribed to postPublished (${os.cpus().length} cores, ${new Date().toISOString().slice(0, 10)}):`,
    `  all connected and subscribed in ${(connectedIn / 1000).toFixed(1)} s (${CONCURRENT_CONNECTS} connecting at a time)`,
    `  API RSS ${rssBefore.toFixed(0)} MB before, ${rssAfter.toFixed(0)} MB with the sockets idle: ${(((rssAfter - rssBefore) * 1024) / SOCKETS).toFixed(1)} kB per socket`,
    `  one publish reached ${arrivals.length} of ${SOCKETS}: p50 ${quantile(arrivals, 0.5).toFixed(0)} ms, p99 ${quantile(arrivals, 0.99).toFixed(0)} ms, last ${Math.max(...arrivals).toFixed(0)} ms`,
  ].join("\n");
  console.log(report);
  writeFileSync(path.join(projectRoot, `bench/results/subscribers-${SOCKETS}.txt`), `${report}\n`);
} finally {
  for (const socket of sockets) socket.terminate();
  await api.stop();
}
