import { existsSync } from "node:fs";

/**
 * Loads `.env` from the working directory into process.env when there is one: variables already set in the real
 * environment win (Node's own loader never overrides them). `.env.example` lists every variable with its default.
 */
export function loadEnvFile(file = ".env"): void {
  if (existsSync(file)) process.loadEnvFile(file);
}
