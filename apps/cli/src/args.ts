import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import { ArenaError } from '@arena/models';

/** A usage error: names the flag and what it accepts (exit code 2). */
export function usageError(message: string, details: Record<string, unknown> = {}): ArenaError {
  return new ArenaError(message, { code: 'ARG_INVALID', category: 'user', details });
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parse argv strictly: unknown flags and missing values are usage errors naming the flag. */
export function parseFlags<O extends Options>(
  argv: string[],
  options: O,
  allowPositionals = false,
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options,
      allowPositionals,
      strict: true,
    });
    return { values: values as Record<string, string | boolean | undefined>, positionals };
  } catch (cause) {
    const message = (cause as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    const allowed = Object.keys(options)
      .map((k) => `--${k}`)
      .join(', ');
    throw usageError(`${message}. Allowed flags: ${allowed}`, { allowed });
  }
}

/** Validate flag values with zod; the error names the flag (`--max-turns`) and what is allowed. */
export function validateFlags<T extends z.ZodType>(
  schema: T,
  values: Record<string, unknown>,
): z.output<T> {
  const parsed = schema.safeParse(values);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  --${String(i.path[0] ?? '')}: ${i.message}`);
  throw usageError(`Invalid flags:\n${lines.join('\n')}`, {
    issues: parsed.error.issues.map((i) => ({
      path: `--${String(i.path[0] ?? '')}`,
      message: i.message,
    })),
  });
}

/**
 * Parse and check the flags of a command that takes positionals (a subcommand and its
 * arguments). With `--help` the help is printed and null returned: the command exits 0.
 *
 * @example
 * const parsed = parseCommandLine(argv, FLAGS, Flags, TOPICS_HELP, (text) => out.line(text));
 * if (!parsed) return EXIT.ok;
 */
export function parseCommandLine<O extends Options, T extends z.ZodType<{ help?: boolean }>>(
  argv: string[],
  options: O,
  schema: T,
  help: string,
  print: (text: string) => void,
): { flags: z.output<T>; positionals: string[] } | null {
  const { values, positionals } = parseFlags(argv, options, true);
  const flags = validateFlags(schema, values);
  if (flags.help) {
    print(help);
    return null;
  }
  return { flags, positionals };
}

/** An integer flag given as text. */
export const intFlag = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

/** Flags of every command that reads the store: `--data-dir`, `--json`, `--help`. */
export const READ_FLAGS = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Validation of {@link READ_FLAGS}; extend it with a command's own flags. */
export const ReadFlags = z.object({
  'data-dir': z.string().min(1).optional(),
  json: z.boolean().optional(),
  help: z.boolean().optional(),
});
