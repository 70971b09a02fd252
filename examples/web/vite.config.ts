import { defineConfig } from "vite";

// In development (`npm run web:dev`) and preview, /graphql is proxied to the API, so the app and the
// API share an origin and need no CORS. TESSERA_API_ORIGIN points elsewhere than a local `npm start`.
const api = process.env.TESSERA_API_ORIGIN ?? "http://localhost:4000";

export default defineConfig({
  root: import.meta.dirname,
  server: { proxy: { "/graphql": api } },
  preview: { proxy: { "/graphql": api } },
  build: { outDir: "dist", emptyOutDir: true },
});
