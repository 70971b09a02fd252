import { pino, type Logger } from "pino";
import type { Config } from "./config.js";

export type { Logger };

/**
 * Secrets that must never reach a log line, wherever they appear in a logged
 * object. Request URLs are logged without their query string (see server.ts),
 * so a `?access_token=` a client wrongly sends is not written either.
 */
export const REDACTED_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  'res.headers["set-cookie"]',
  "*.password",
  "*.currentPassword",
  "*.newPassword",
  "*.passwordHash",
  "*.accessToken",
  "*.refreshToken",
  "*.token",
  "*.authorization",
  "variables",
  "*.variables",
];

export function createLogger(config: Pick<Config, "logLevel">, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level: config.logLevel,
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      base: { service: "tessera" },
    },
    destination,
  );
}
