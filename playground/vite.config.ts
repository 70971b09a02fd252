import path from "node:path";
import { defineConfig } from "vite";

/**
 * The playground is built into dist/playground and served by the API: the page at GET /graphql, everything
 * else under /playground/ (src/http/playground.ts). All of GraphiQL, Monaco and its workers is bundled, so
 * the page loads nothing from another origin.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: "/playground/",
  build: {
    outDir: path.join(import.meta.dirname, "../dist/playground"),
    emptyOutDir: true,
    // Monaco alone is megabytes; the page is served from the machine it runs on.
    chunkSizeWarningLimit: 8192,
    // React's "use client" and "use no memo" mean nothing in a bundle that only runs in the browser.
    rolldownOptions: { checks: { moduleLevelDirective: false } },
  },
  // GraphiQL's worker setup imports the workers with `?worker`; pre-bundling would break those imports (vite dev).
  optimizeDeps: { exclude: ["graphiql/setup-workers/vite", "@graphiql/react/setup-workers/vite"] },
});
