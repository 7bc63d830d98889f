import type { ZodError, ZodType } from 'zod';
import { ArenaError, err, ok, type Result } from './errors';

/** One problem found while validating input: where it is and what would be accepted. */
export interface Issue {
  /** Dotted field path, e.g. `seats.2.model`; empty for the document itself. */
  path: string;
  message: string;
}

export const MODELS_ERROR_CODES = {
  INVALID_INPUT: 'ARENA_INVALID_INPUT',
  INVALID_YAML: 'ARENA_INVALID_YAML',
  INVALID_EVENT: 'ARENA_INVALID_EVENT',
  EVENT_OUT_OF_ORDER: 'ARENA_EVENT_OUT_OF_ORDER',
} as const;

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p) => String(p)).join('.');
}

export function zodIssues(error: ZodError): Issue[] {
  return error.issues.map((i) => ({ path: formatPath(i.path), message: i.message }));
}

/** An invalid input error whose message lists every field path and what is allowed. */
export function invalidInput(what: string, issues: Issue[], source?: string): ArenaError {
  const where = source ? ` in ${source}` : '';
  const lines = issues.map((i) => `  - ${i.path || '(root)'}: ${i.message}`).join('\n');
  return new ArenaError(`Invalid ${what}${where}:\n${lines}`, {
    code: MODELS_ERROR_CODES.INVALID_INPUT,
    category: 'user',
    details: { what, source, issues },
  });
}

/** Validate `input` with `schema`; on failure the error names every field path. */
export function safeValidate<T>(
  schema: ZodType<T>,
  input: unknown,
  what: string,
  source?: string,
): Result<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  return err(invalidInput(what, zodIssues(parsed.error), source));
}

/** Throwing form of {@link safeValidate}. */
export function validate<T>(schema: ZodType<T>, input: unknown, what: string, source?: string): T {
  const result = safeValidate(schema, input, what, source);
  if (!result.ok) throw result.error;
  return result.value;
}
