import { resolve } from 'node:path';
import { z } from 'zod';
import { EMBEDDING_SPEC_FORMS, safeParseEmbeddingSpec } from '@arena/agents';
import { ArenaError, ModelSpecSchema, invalidInput, zodIssues } from '@arena/models';

/** Default content folder: the `content/` directory shipped at the workspace root. */
export const DEFAULT_CONTENT_DIR = resolve(import.meta.dirname, '../../../content');

const unsupported = (what: string, instead: string) =>
  z
    .string()
    .optional()
    .refine((v) => v === undefined || v === '', {
      message: `${what} is not supported by this version of Arena; unset it to use ${instead}`,
    });

const optionalText = z.string().min(1).optional();
const url = z.url({ message: 'must be an http(s) URL' }).optional();
const count = (min: number, max: number, fallback: number) =>
  z.coerce
    .number({ message: `must be a whole number from ${min} to ${max}` })
    .int({ message: `must be a whole number from ${min} to ${max}` })
    .min(min, { message: `must be a whole number from ${min} to ${max}` })
    .max(max, { message: `must be a whole number from ${min} to ${max}` })
    .default(fallback);

const specList = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0),
  )
  .pipe(z.array(ModelSpecSchema).min(1, 'name at least one model spec').max(5, 'at most 5 judges'));

/** An embedding model: `openai:<model>`, `ollama:<model>` or `openai-compatible:<base-url>#<model>`. */
const embeddingSpec = z.string().superRefine((value, ctx) => {
  const parsed = safeParseEmbeddingSpec(value);
  if (!parsed.ok) {
    ctx.addIssue({
      code: 'custom',
      message: `must be ${EMBEDDING_SPEC_FORMS.join(', ')} (got "${value}": ${String(parsed.error.details['reason'])})`,
    });
  }
});

/** `openai=500,anthropic=50`: requests per minute per provider. */
const rateLimits = z
  .string()
  .transform((v, ctx) => {
    const out: Record<string, number> = {};
    for (const part of v
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)) {
      const match = /^(openai|anthropic|ollama|openai-compatible)=(\d+)$/.exec(part);
      if (!match || Number(match[2]) < 1) {
        ctx.addIssue({
          code: 'custom',
          message: `"${part}" must be <provider>=<requests per minute> with provider openai, anthropic, ollama or openai-compatible`,
        });
        return z.NEVER;
      }
      out[match[1] as string] = Number(match[2]);
    }
    return out;
  })
  .optional();

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
  /** Model for seats that do not name one. */
  ARENA_MODEL: ModelSpecSchema.default('sim'),
  /** Judge panel for games that do not name one: 1-5 comma-separated specs. */
  ARENA_JUDGE_MODELS: specList.default(['sim']),
  ARENA_NARRATOR_MODEL: ModelSpecSchema.default('sim'),
  /** Model writing the rolling summary; the narrator's model when unset. */
  ARENA_SUMMARISER_MODEL: ModelSpecSchema.optional(),
  /** Model placing the players' bids under the `bidding` policy; each seat's own model when unset. */
  ARENA_BIDDER_MODEL: ModelSpecSchema.optional(),
  /** Embedding model for the anti-repetition gate and novelty; words only when unset. */
  ARENA_EMBEDDINGS: embeddingSpec.optional(),
  OPENAI_API_KEY: optionalText,
  /** Alternative endpoint for `openai:` specs (a proxy or gateway). */
  OPENAI_BASE_URL: url,
  ANTHROPIC_API_KEY: optionalText,
  ANTHROPIC_BASE_URL: url,
  OLLAMA_BASE_URL: url,
  /** Key sent to `openai-compatible:` endpoints that need one (OpenRouter, Groq…). */
  OPENAI_COMPATIBLE_API_KEY: optionalText,
  /** Per-call timeout in ms. */
  ARENA_MODEL_TIMEOUT_MS: count(100, 3_600_000, 60_000),
  /** Retries after a retriable failure (429, 5xx, timeout, network). */
  ARENA_MODEL_MAX_RETRIES: count(0, 10, 3),
  /** Requests per minute per provider, e.g. `openai=500,anthropic=50`. */
  ARENA_RATE_LIMITS: rateLimits,
  /** YAML or JSON price table: spec or `provider:*` → { inputPerMTok, outputPerMTok } in USD. */
  ARENA_PRICES: optionalText,
  /** Cassette file (JSON Lines) recording every model call. */
  ARENA_CASSETTE: optionalText,
  /** `record`: call and record; `replay`: offline, a missing call is an error; `auto`: replay what is there, record the rest. */
  ARENA_CASSETTE_MODE: z.enum(['record', 'replay', 'auto']).default('auto'),
  /** Stream replies from providers (`1`/`true`). */
  ARENA_STREAMING: z
    .enum(['0', '1', 'true', 'false'])
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
  /** Postgres for the event log and projections (`postgres://user@host:5432/db`); embedded PGlite when unset. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// or postgresql:// URL' })
    .optional(),
  /** Redis for leases, live standings and fan-out (`redis://host:6379/0`); in-process when unset. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/\S+$/, { message: 'must be a redis:// or rediss:// URL' })
    .optional(),
  /** Prefix of every Redis key and channel, so deployments (or tests) can share one Redis. */
  ARENA_REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_.{}-]{0,100}$/, {
      message: 'must be at most 100 letters, digits or the characters : _ . { } -',
    })
    .default('arena:'),
  /** This process as the owner of game leases; `<hostname>-<pid>` when unset. */
  ARENA_RUNNER_ID: z
    .string()
    .regex(/^[A-Za-z0-9._:@-]{1,100}$/, {
      message: 'must be 1-100 letters, digits or the characters . _ : @ -',
    })
    .optional(),
  /** A game's lease lapses this long after its last renewal (renewed every third of it), in ms. */
  ARENA_LEASE_TTL_MS: count(1000, 600_000, 15_000),
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
