import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { z } from 'zod';

/**
 * Parse a bench's command-line flags and check them with a zod schema keyed by flag name.
 * An unknown flag, or a value the schema refuses, is printed with the flag and what is allowed,
 * and the process exits with code 2 (bad input), as the CLI does.
 *
 * @example
 * const flags = checkedFlags({ spectators: { type: 'string', default: '200' } },
 *   z.object({ spectators: z.coerce.number().int().min(1) }));
 */
export function checkedFlags<S extends z.ZodType>(
  options: NonNullable<ParseArgsConfig['options']>,
  schema: S,
  args: string[] = process.argv.slice(2),
): z.infer<S> {
  let values: unknown;
  try {
    values = parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  }
  const result = schema.safeParse(values);
  if (!result.success) {
    for (const issue of result.error.issues) {
      console.error(`--${issue.path.join('.')}: ${issue.message}`);
    }
    process.exit(2);
  }
  return result.data;
}
