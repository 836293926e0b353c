import { SwitchboardError } from '@switchboard/runtime';
import type { z } from 'zod';

/**
 * Checks untrusted input against a schema (declared once at module load, so zod compiles it once).
 * Failure is a 400 whose message lists every bad field, with the same list in `details`.
 */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown, what: string): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.map(String).join('.') : `(${what})`,
    message: issue.message,
  }));
  const list = problems.map((p) => `${p.field}: ${p.message}`).join('; ');
  throw new SwitchboardError(400, 'invalid_request', `request ${what} is invalid: ${list}`, problems);
}
