import { resolve } from 'node:path';
import { z } from 'zod';
import { EMBEDDING_SPEC_FORMS, safeParseEmbeddingSpec } from '@arena/agents';
import { ArenaError, ModelSpecSchema, invalidInput, zodIssues } from '@arena/models';

/** Default content folder: the `content/` directory shipped at the workspace root. */
export const DEFAULT_CONTENT_DIR = resolve(import.meta.dirname, '../../../content');

/** Default dashboard folder: the dashboard's build output in the workspace. */
export const DEFAULT_DASHBOARD_DIR = resolve(import.meta.dirname, '../../../apps/dashboard/dist');

const optionalText = z.string().min(1).optional();
const url = z.url({ message: 'must be an http(s) URL' }).optional();
const count = (min: number, max: number, fallback: number) =>
  z.coerce
    .number({ message: `must be a whole number from ${min} to ${max}` })
    .int({ message: `must be a whole number from ${min} to ${max}` })
    .min(min, { message: `must be a whole number from ${min} to ${max}` })
    .max(max, { message: `must be a whole number from ${min} to ${max}` })
    .default(fallback);

/** A switch given as `0`, `1`, `true` or `false`. */
const onOff = (fallback: '0' | '1') =>
  z
    .enum(['0', '1', 'true', 'false'], { message: 'must be 0, 1, true or false' })
    .default(fallback)
    .transform((v) => v === '1' || v === 'true');

/** `host:port` with a host name or an IPv4 address (the Kafka client reads no IPv6 literals). */
const BROKER = /^([A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?):(\d{1,5})$/;

/** `kafka-1:9092,kafka-2:9092`: Kafka bootstrap addresses. */
const brokerList = z.string().transform((v, ctx) => {
  const brokers = v
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  if (brokers.length === 0) {
    ctx.addIssue({ code: 'custom', message: 'name at least one broker as host:port' });
    return z.NEVER;
  }
  for (const broker of brokers) {
    const port = Number(BROKER.exec(broker)?.[2] ?? 0);
    if (port < 1 || port > 65535) {
      ctx.addIssue({
        code: 'custom',
        message: `"${broker}" must be host:port with a host name or IPv4 address and a port from 1 to 65535 (e.g. 127.0.0.1:9092)`,
      });
      return z.NEVER;
    }
  }
  return brokers;
});

/** Kafka client, group and topic prefix names: what brokers accept in ids and topic names. */
const kafkaName = (min: number, max: number) =>
  z.string().regex(new RegExp(`^[A-Za-z0-9._-]{${min},${max}}$`), {
    message: `must be ${min === 0 ? 'at most ' : `${min}-`}${max} letters, digits or the characters . _ -`,
  });

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

/** What an API token may be: long enough not to guess, and safe in a header. */
const TOKEN = /^[A-Za-z0-9._~+/=-]{16,256}$/;
const TOKEN_RULE = '16-256 letters, digits or the characters . _ ~ + / = -';

/** `tok1,tok2`: bearer tokens, each at least 16 characters. */
const tokenList = z.string().transform((v, ctx) => {
  const tokens = v
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  if (tokens.length === 0) {
    ctx.addIssue({ code: 'custom', message: 'name at least one token' });
    return z.NEVER;
  }
  tokens.forEach((token, i) => {
    if (!TOKEN.test(token)) {
      ctx.addIssue({ code: 'custom', message: `token ${i + 1} must be ${TOKEN_RULE}` });
    }
  });
  return tokens;
});

/** `*`, or `https://a.example,http://localhost:5173`: origins (scheme, host, port; no path). */
const corsOrigins = z.string().transform((v, ctx) => {
  if (v.trim() === '*') return '*' as const;
  const origins = v
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  if (origins.length === 0) {
    ctx.addIssue({ code: 'custom', message: 'must be * or comma-separated origins' });
    return z.NEVER;
  }
  for (const origin of origins) {
    if (!/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/.test(origin)) {
      ctx.addIssue({
        code: 'custom',
        message: `"${origin}" must be an origin such as https://arena.example or http://localhost:5173 (no path)`,
      });
      return z.NEVER;
    }
  }
  return origins;
});

/** Each setting on its own; {@link ArenaSettingsSchema} adds the rules between them. */
const SettingsObject = z.object({
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
  /**
   * Bearer tokens the runner accepts on mutating endpoints, comma-separated (several allowed, e.g.
   * one per operator). Unset: the runner makes one at start and logs it with the dashboard link.
   */
  ARENA_API_TOKENS: tokenList.optional(),
  /** Read endpoints (`GET`): `public`, or `token` to require a bearer token on them too. */
  ARENA_API_READ_ACCESS: z
    .enum(['public', 'token'], { message: 'must be public or token' })
    .default('public'),
  /** Origins allowed to call the API from a browser: `*`, or comma-separated origins. Unset: same origin only. */
  ARENA_CORS_ORIGINS: corsOrigins.optional(),
  /** Mutating requests per minute a client (token, else address) may make; over it answers 429. */
  ARENA_RATE_LIMIT_PER_MINUTE: count(1, 100_000, 120),
  /** Largest accepted request body, in bytes. */
  ARENA_BODY_LIMIT_BYTES: count(1024, 104_857_600, 1_048_576),
  /** Folder of the built dashboard the runner serves at `/` (`nx run dashboard:build`). */
  ARENA_DASHBOARD_DIR: z.string().min(1).default(DEFAULT_DASHBOARD_DIR),
  /** Runner the CLI's `start`, `list`, `stop` and `watch` talk to, e.g. `http://127.0.0.1:8787`. */
  ARENA_RUNNER_URL: url,
  /** Bearer token the CLI sends to the runner (one of the runner's `ARENA_API_TOKENS`). */
  ARENA_API_TOKEN: z
    .string()
    .regex(TOKEN, `must be ${TOKEN_RULE}`)
    .optional(),
  /** Message bus: `memory` (in-process, one process) or `kafka` (needs `KAFKA_BROKERS`). */
  ARENA_BUS: z.enum(['memory', 'kafka'], { message: 'must be memory or kafka' }).default('memory'),
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
  ARENA_STREAMING: onOff('0'),
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
  /** Kafka bootstrap brokers, comma-separated `host:port`; required with `ARENA_BUS=kafka`. */
  KAFKA_BROKERS: brokerList.optional(),
  /** Client id the brokers see in their logs and quotas. */
  KAFKA_CLIENT_ID: kafkaName(1, 100).default('arena'),
  /** Put in front of every topic name on the broker, so deployments (or tests) can share one. */
  KAFKA_TOPIC_PREFIX: kafkaName(0, 100).default(''),
  /** Consumer group of the runners: they share the games by the partitions they own. */
  KAFKA_GROUP_ID: kafkaName(1, 200).default('arena-runners'),
  /** Connect to the brokers over TLS. */
  KAFKA_SSL: onOff('0'),
  /** PEM file with the certificate authorities to trust (with `KAFKA_SSL`); read at start-up. */
  KAFKA_SSL_CA_FILE: optionalText,
  /** Refuse brokers whose certificate does not verify (turn off only for self-signed tests). */
  KAFKA_SSL_REJECT_UNAUTHORIZED: onOff('1'),
  /** SASL authentication; needs `KAFKA_SASL_USERNAME` and `KAFKA_SASL_PASSWORD`. */
  KAFKA_SASL_MECHANISM: z
    .enum(['plain', 'scram-sha-256', 'scram-sha-512'], {
      message: 'must be plain, scram-sha-256 or scram-sha-512',
    })
    .optional(),
  KAFKA_SASL_USERNAME: optionalText,
  KAFKA_SASL_PASSWORD: optionalText,
  /** A runner that has not sent a heartbeat for this long (ms) leaves the group; its games move. */
  KAFKA_SESSION_TIMEOUT_MS: count(1000, 1_800_000, 30_000),
  /** How often (ms) consumers tell the group they are alive; below the session timeout. */
  KAFKA_HEARTBEAT_INTERVAL_MS: count(100, 600_000, 3000),
  /** Message bodies larger than this (bytes) are gzipped. */
  KAFKA_GZIP_THRESHOLD_BYTES: count(0, 104_857_600, 16_384),
  /** How many times a bus handler runs on a message before it goes to the dead letters. */
  ARENA_BUS_RETRY_ATTEMPTS: count(1, 100, 3),
  /** Wait (ms) before the first retry; it doubles up to `ARENA_BUS_RETRY_MAX_MS`. */
  ARENA_BUS_RETRY_INITIAL_MS: count(0, 600_000, 100),
  ARENA_BUS_RETRY_MAX_MS: count(0, 3_600_000, 5000),
});

/**
 * Every setting Arena reads from the environment (see `.env.arena.example`). Apps parse it once
 * and pass typed values down; libraries never read the environment.
 */
export const ArenaSettingsSchema = SettingsObject.superRefine(checkBusSettings);
export type ArenaSettings = z.output<typeof ArenaSettingsSchema>;

/**
 * Rules between bus settings. A broker list with the in-process bus is refused rather than
 * ignored: whoever set it expects runners to share games through Kafka.
 */
function checkBusSettings(s: z.output<typeof SettingsObject>, ctx: z.RefinementCtx): void {
  const issue = (path: string, message: string) =>
    ctx.addIssue({ code: 'custom', path: [path], message });
  if (s.ARENA_BUS === 'kafka' && !s.KAFKA_BROKERS) {
    issue('KAFKA_BROKERS', 'required with ARENA_BUS=kafka: comma-separated host:port addresses');
  }
  if (s.ARENA_BUS === 'memory' && s.KAFKA_BROKERS) {
    issue('KAFKA_BROKERS', 'is used only with ARENA_BUS=kafka: set ARENA_BUS=kafka or unset it');
  }
  if (s.KAFKA_SSL_CA_FILE && !s.KAFKA_SSL) {
    issue('KAFKA_SSL_CA_FILE', 'is used only over TLS: set KAFKA_SSL=1 or unset it');
  }
  for (const key of ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'] as const) {
    if (s.KAFKA_SASL_MECHANISM && !s[key]) {
      issue(key, `required with KAFKA_SASL_MECHANISM=${s.KAFKA_SASL_MECHANISM}`);
    }
    if (!s.KAFKA_SASL_MECHANISM && s[key]) {
      issue(key, 'is used only with KAFKA_SASL_MECHANISM (plain, scram-sha-256 or scram-sha-512)');
    }
  }
  if (s.KAFKA_HEARTBEAT_INTERVAL_MS >= s.KAFKA_SESSION_TIMEOUT_MS) {
    issue(
      'KAFKA_HEARTBEAT_INTERVAL_MS',
      `must be below KAFKA_SESSION_TIMEOUT_MS (${s.KAFKA_SESSION_TIMEOUT_MS}); a third of it is usual`,
    );
  }
  if (s.ARENA_BUS_RETRY_INITIAL_MS > s.ARENA_BUS_RETRY_MAX_MS) {
    issue(
      'ARENA_BUS_RETRY_INITIAL_MS',
      `must be at most ARENA_BUS_RETRY_MAX_MS (${s.ARENA_BUS_RETRY_MAX_MS})`,
    );
  }
}

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
