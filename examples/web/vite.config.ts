import { defineConfig } from "vite";

// In development (`npm run web:dev`), /graphql is proxied to the API, so the app and the API share an
// origin and need no CORS. TESSERA_API_ORIGIN points elsewhere than a local `npm start`. A built app
// calls VITE_TESSERA_URL: from its own origin, the API's full URL, with that origin in the API's CORS_ORIGINS.
const api = process.env.TESSERA_API_ORIGIN ?? "http://localhost:4000";

export default defineConfig({
  root: import.meta.dirname,
  server: { proxy: { "/graphql": api } },
  build: { outDir: "dist", emptyOutDir: true },
});
