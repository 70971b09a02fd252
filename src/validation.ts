import type { z } from "zod";
import { ErrorCode, TesseraError } from "./errors.js";

/**
 * Parses resolver input with a zod schema. The error names each field and
 * why, and never echoes a value back (it may be a password).
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields = result.error.issues.map((issue) => ({ field: issue.path.join("."), message: issue.message }));
  const summary = fields.map((f) => (f.field ? `${f.field}: ${f.message}` : f.message)).join("; ");
  throw new TesseraError(ErrorCode.BAD_USER_INPUT, `Invalid input: ${summary}`, { fields });
}
