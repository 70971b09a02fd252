import { pino, type Logger } from "pino";
import type { Config } from "./config.js";

export type { Logger };

/** Names a secret goes by, in any object our code logs or in an error it logs. */
const SECRET_FIELDS = ["password", "currentPassword", "newPassword", "passwordHash", "accessToken", "refreshToken", "token", "authorization", "variables"];

/**
 * Secrets that must never reach a log line: at the top of a logged object, in a logged error, and in the headers
 * of a logged request or response. Request URLs are logged without their query string (see `serializers`), so an
 * `?access_token=` a client wrongly sends is not written either. Explicit paths, not wildcards: a `*.password`
 * path makes pino walk every logged object, which cost 22 µs per line, three times the line itself.
 */
export const REDACTED_PATHS = [
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((field) => `err.${field}`),
  "req.headers.authorization",
  "req.headers.cookie",
  'res.headers["set-cookie"]',
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
    // Written asynchronously: lines logged while a write is in flight go out together, rather than one
    // write(2) each on the request's path. pino flushes what is buffered when the process exits.
    destination ?? (config.logFormat === "pretty" ? undefined : pino.destination({ dest: 1, sync: false })),
  );
}
