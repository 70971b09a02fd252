import { createReadStream, existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import type { FastifyInstance } from "fastify";
import type { Config } from "../config.js";
import { projectRoot } from "../paths.js";
import type { PlaygroundSettings } from "./playground-settings.js";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../users/demo-accounts.js";

/** Built from playground/ by `npm run build` (tools/build-playground.mjs). */
const PLAYGROUND_BUNDLE = path.join(projectRoot, "dist/playground");
/** Where the page's scripts, styles and workers are served: playground/vite.config.ts builds for this base. */
const ASSETS_PATH = "/playground/assets/";
const CONTENT_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".ttf": "font/ttf",
};
/** The empty settings block in playground/index.html that the server fills in. */
const SETTINGS_BLOCK = '<script id="playground-settings" type="application/json">{}</script>';

function settingsFor(config: Config): PlaygroundSettings {
  if (!config.seedDemoAccounts) return { demoAccounts: [] };
  return { demoAccounts: DEMO_ACCOUNTS.map(({ email, roles }) => ({ email, roles })), demoPassword: DEMO_PASSWORD };
}

/**
 * The page is read once, at start. Its settings travel in a JSON data block rather than an inline script,
 * so the page runs under a Content-Security-Policy of `script-src 'self'`; `<` is escaped so no value can
 * close the block.
 */
function playgroundPage(config: Config): string {
  const file = path.join(PLAYGROUND_BUNDLE, "index.html");
  if (!existsSync(file)) throw new Error(`the playground is not built (${file} is missing): run npm run build, or set PLAYGROUND=off`);
  const html = readFileSync(file, "utf8");
  if (!html.includes(SETTINGS_BLOCK)) throw new Error(`${file} has no settings block: rebuild it with npm run build`);
  const settings = JSON.stringify(settingsFor(config)).replaceAll("<", "\\u003c");
  return html.replace(SETTINGS_BLOCK, SETTINGS_BLOCK.replace("{}", settings));
}

/**
 * The bundle's files, by exact name: nothing else under the folder is reachable. (@fastify/static needs the
 * ESM-only content-disposition, which Jest cannot load on Node 20.)
 */
function registerAssets(app: FastifyInstance): void {
  const folder = path.join(PLAYGROUND_BUNDLE, "assets");
  const files = new Set(readdirSync(folder));
  app.get<{ Params: { name: string } }>(`${ASSETS_PATH}:name`, (request, reply) => {
    const { name } = request.params;
    if (!files.has(name)) return reply.callNotFound();
    return reply
      .type(CONTENT_TYPES[path.extname(name)] ?? "application/octet-stream")
      // Vite puts a content hash in every name: a changed file is a new name.
      .header("cache-control", "public, max-age=31536000, immutable")
      .send(createReadStream(path.join(folder, name)));
  });
}

/**
 * What a browser gets at GET /graphql (Apollo answers a GET that prefers text/html with the landing page;
 * every other request still executes GraphQL). For GraphiQL, also serves its bundled assets: nothing is
 * loaded from another origin, so it works offline.
 */
export function registerPlayground(app: FastifyInstance, config: Config): ApolloServerPlugin {
  if (config.playground === "off") return ApolloServerPluginLandingPageDisabled();
  if (config.playground === "sandbox") return ApolloServerPluginLandingPageLocalDefault({ embed: true });
  const html = playgroundPage(config);
  registerAssets(app);
  return { serverWillStart: async () => ({ renderLandingPage: async () => ({ html }) }) };
}
