import { runTogether } from "../helpers/run-together.js";
import authManifestDrift from "./auth-manifest-drift.suite.js";
import sdlDrift from "./sdl-drift.suite.js";

// Schema and manifest drift, run together (test/helpers/run-together.ts).
runTogether([
  ["auth-manifest-drift", authManifestDrift],
  ["sdl-drift", sdlDrift],
]);
