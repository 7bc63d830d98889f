import { resolve } from 'node:path';
import { z } from 'zod';
import { ArenaError, invalidInput, zodIssues } from '@arena/models';

/** Default content folder: the `content/` directory shipped at the workspace root. */
export const DEFAULT_CONTENT_DIR = resolve(import.meta.dirname, '../../../content');

const unsupported = (what: string, instead: string) =>
  z
    .string()
    .optional()
    .refine((v) => v === undefined || v === '', {
      message: `${what} is not supported by this version of Arena; unset it to use ${instead}`,
    });

/**
 * Every setting Arena reads from the environment (see `.env.arena.example`). Apps parse it once
 * and pass typed values down; libraries never read the environment.
 */
export const ArenaSettingsSchema = z.object({
  /** Folder for embedded data (the PGlite event store lives in `<dir>/pglite`). */
  ARENA_DATA_DIR: z.string().min(1).default('.arena'),
  /** Folder with `characters/` and `scenarios/`. */
  ARENA_CONTENT_DIR: z.string().min(1).default(DEFAULT_CONTENT_DIR),
  /** Runner HTTP port. */
  ARENA_PORT: z.coerce
    .number({ message: 'must be a port number (1-65535)' })
    .int()
    .min(1)
    .max(65535)
    .default(8787),
  /** Runner bind address. */
  ARENA_HOST: z.string().min(1).default('127.0.0.1'),
  ARENA_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info'),
  /** Message bus: only the in-process bus is available in this version. */
  ARENA_BUS: z.enum(['memory']).default('memory'),
  DATABASE_URL: unsupported('DATABASE_URL (Postgres)', 'the embedded PGlite store'),
  REDIS_URL: unsupported('REDIS_URL (Redis)', 'in-process live state'),
  KAFKA_BROKERS: unsupported('KAFKA_BROKERS (Kafka)', 'the in-process bus'),
});
export type ArenaSettings = z.output<typeof ArenaSettingsSchema>;

/** Parse settings from an environment-like record; errors name each variable and what is allowed. */
export function parseSettings(env: Record<string, string | undefined>): ArenaSettings {
  const relevant = Object.fromEntries(
    Object.keys(ArenaSettingsSchema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]),
  );
  const parsed = ArenaSettingsSchema.safeParse(relevant);
  if (!parsed.success) {
    throw invalidInput('settings', zodIssues(parsed.error), 'environment');
  }
  return parsed.data;
}

export function isSettingsError(error: unknown): error is ArenaError {
  return error instanceof ArenaError && error.details['what'] === 'settings';
}
