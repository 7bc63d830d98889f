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
  return error.issues.flatMap((i) => issuesOf(i, []));
}

type ZodIssue = ZodError['issues'][number];

/** A branch of a union that failed only because the value has another type. */
const wrongType = (branch: readonly ZodIssue[]): boolean =>
  branch.length > 0 && branch.every((i) => i.code === 'invalid_type' && i.path.length === 0);

/**
 * One issue as field paths and messages. A union that failed (zod's bare "Invalid input") is
 * explained by its branch of the value's type, when exactly one has that type (an object with a
 * bad field reports that field), or else by the types its branches expect.
 */
function issuesOf(issue: ZodIssue, prefix: readonly PropertyKey[]): Issue[] {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const matching = issue.errors.filter((branch) => !wrongType(branch));
    if (matching.length === 1) return (matching[0] ?? []).flatMap((i) => issuesOf(i, path));
    if (matching.length === 0 && issue.message === 'Invalid input') {
      const expected = [
        ...new Set(issue.errors.flat().map((i) => (i.code === 'invalid_type' ? i.expected : ''))),
      ].filter(Boolean);
      return [
        { path: formatPath(path), message: `Invalid input: expected ${expected.join(' or ')}` },
      ];
    }
  }
  return [{ path: formatPath(path), message: issue.message }];
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
