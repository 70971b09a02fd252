import { pino, type Logger } from "pino";
import type { Config } from "./config.js";

export type { Logger };

/**
 * Secrets that must never reach a log line, wherever they appear in a logged
 * object. Request URLs are logged without their query string (see
 * `serializers`), so an `?access_token=` a client wrongly sends is not written either.
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

export function createLogger(config: Pick<Config, "logLevel" | "logFormat">, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level: config.logLevel,
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      base: { service: "tessera" },
      serializers: {
        req: (req: { method?: string; url?: string; ip?: string }) => ({
          method: req.method,
          url: req.url?.split("?")[0],
          remoteAddress: req.ip,
        }),
      },
      ...(config.logFormat === "pretty" && !destination
        ? { transport: { target: "pino-pretty", options: { ignore: "pid,hostname,service", translateTime: "HH:MM:ss" } } }
        : {}),
    },
    destination,
  );
}
