import { ArenaError, zodIssues } from '@arena/models';
import { connect as connectTcp } from 'node:net';
import { Kafka, logLevel, type KafkaConfig, type LogEntry, type SASLOptions } from 'kafkajs';
import { z } from 'zod';
import { BUS_ERROR_CODES, errorMessage } from './errors';
import type { BusMessage } from './message-bus';
import { RetryPolicySchema, type RetryPolicy } from './retry';

/** One log line of the Kafka bus (kafkajs's own logs included). */
export interface KafkaBusLogEntry {
  level: 'error' | 'warn' | 'info' | 'debug';
  message: string;
  [key: string]: unknown;
}

/** How to reach the brokers and how the bus behaves on them. */
export interface KafkaBusOptions {
  /** Bootstrap brokers, `host:port`. */
  brokers: string[];
  /** Client id on the brokers; also the start of broadcast subscribers' private group ids. @default 'arena' */
  clientId?: string;
  /** TLS: `true` with the system CAs, or a CA bundle (PEM) and whether to verify the brokers. @default false */
  ssl?: boolean | { ca?: string; rejectUnauthorized?: boolean };
  sasl?: {
    mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
    username: string;
    password: string;
  };
  /** Put in front of every topic name on the brokers (dead letters included). @default '' */
  topicPrefix?: string;
  /** How a failing handler is retried before its message goes to the dead letters. @default DEFAULT_RETRY_POLICY */
  retry?: RetryPolicy;
  /** Gzip message bodies larger than this. @default 16384 */
  gzipThresholdBytes?: number;
  /** How long a publish waits for others to share its batch. @default 2 */
  lingerMs?: number;
  /** A group member that sends no heartbeat for this long is dropped. @default 30000 */
  sessionTimeoutMs?: number;
  /** @default 3000 */
  heartbeatIntervalMs?: number;
  /** How long a fetch waits on the broker for new messages. @default 250 */
  maxWaitTimeMs?: number;
  /** Give up connecting after this long (`BUS_UNAVAILABLE`). @default 5000 */
  connectionTimeoutMs?: number;
  /** Check values with their schema on publish and on receipt. @default true */
  validate?: boolean;
  /** Receives every decoded message that went to the dead letters, with the last handler error. @default console.error */
  onError?: (err: unknown, msg: BusMessage) => void;
  /** Clock for `produced-at` and `dlq-failed-at`. @default () => new Date() */
  now?: () => Date;
  /** Where log lines go. @default errors to stderr, one JSON line each */
  log?: (entry: KafkaBusLogEntry) => void;
}

const fn = <T>() => z.custom<T>((value) => typeof value === 'function', 'must be a function');
const ms = (max: number) => z.number().int().min(0).max(max);
const TOPIC_CHARS = /^[A-Za-z0-9._-]*$/;

/** The options with their defaults, checked. */
export const KafkaBusOptionsSchema = z.object({
  brokers: z
    .array(z.string().regex(/^[^\s:,]+:\d{1,5}$/, 'must be host:port'))
    .min(1, 'must name at least one broker'),
  clientId: z
    .string()
    .min(1)
    .max(200)
    .regex(TOPIC_CHARS, 'letters, digits, ".", "_", "-"')
    .default('arena'),
  ssl: z
    .union([
      z.boolean(),
      z.object({ ca: z.string().optional(), rejectUnauthorized: z.boolean().optional() }),
    ])
    .default(false),
  sasl: z
    .object({
      mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']),
      username: z.string().min(1),
      password: z.string().min(1),
    })
    .optional(),
  topicPrefix: z.string().max(100).regex(TOPIC_CHARS, 'letters, digits, ".", "_", "-"').default(''),
  retry: RetryPolicySchema.optional(),
  gzipThresholdBytes: z.number().int().min(0).default(16_384),
  lingerMs: ms(10_000).default(2),
  sessionTimeoutMs: ms(3_600_000).min(1).default(30_000),
  heartbeatIntervalMs: ms(3_600_000).min(1).default(3000),
  maxWaitTimeMs: ms(60_000).default(250),
  connectionTimeoutMs: ms(600_000).min(1).default(5000),
  validate: z.boolean().default(true),
  onError: fn<NonNullable<KafkaBusOptions['onError']>>().optional(),
  now: fn<() => Date>().optional(),
  log: fn<NonNullable<KafkaBusOptions['log']>>().optional(),
});
export type ResolvedKafkaBusOptions = z.output<typeof KafkaBusOptionsSchema>;

/** Check the options. @throws `BUS_INVALID_OPTIONS` naming every field path. */
export function resolveKafkaBusOptions(options: KafkaBusOptions): ResolvedKafkaBusOptions {
  const parsed = KafkaBusOptionsSchema.safeParse(options);
  if (parsed.success) return parsed.data;
  const issues = zodIssues(parsed.error);
  const lines = issues.map((i) => `  - ${i.path || '(root)'}: ${i.message}`).join('\n');
  throw new ArenaError(`Invalid Kafka bus options:\n${lines}`, {
    code: BUS_ERROR_CODES.INVALID_OPTIONS,
    category: 'user',
    details: { issues },
  });
}

/** `BUS_UNAVAILABLE` naming the brokers: they cannot be reached, or stopped answering. */
export function busUnavailable(brokers: readonly string[], cause: unknown): ArenaError {
  return new ArenaError(
    `Kafka brokers ${brokers.join(', ')} are unavailable: ${errorMessage(cause)}`,
    {
      code: BUS_ERROR_CODES.UNAVAILABLE,
      retriable: true,
      details: { brokers: [...brokers] },
      cause,
    },
  );
}

/** Errors to stderr, one JSON line each. */
export function logToStderr(entry: KafkaBusLogEntry): void {
  if (entry.level === 'error') process.stderr.write(`${JSON.stringify(entry)}\n`);
}

const LEVELS: Record<number, KafkaBusLogEntry['level']> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/**
 * Protocol errors that kafkajs logs as errors although it recovers from them by itself (a
 * rebalance, a coordinator or leader moving). They become warnings; if they persist, the
 * operation that needed them fails and that failure is reported.
 */
const RECOVERED =
  /rebalanc|not the correct coordinator|coordinator is (loading|not available)|no leader|does not host this topic-partition|leader not available/i;

/** A kafkajs log creator that forwards to `log`. */
export function kafkaLogCreator(log: (entry: KafkaBusLogEntry) => void) {
  return () =>
    ({ namespace, level, log: content }: LogEntry) => {
      // kafkajs's own timestamp is dropped: the sink stamps lines as it sees fit.
      const extra: Record<string, unknown> = { ...content };
      delete extra.timestamp;
      delete extra.message;
      let mapped = LEVELS[level] ?? 'info';
      if (mapped === 'error' && RECOVERED.test(String(extra.error ?? ''))) mapped = 'warn';
      try {
        log({ ...extra, level: mapped, message: `[${namespace}] ${content.message}` });
      } catch {
        // A failing log sink must not break the client.
      }
    };
}

/** The kafkajs client for the options (nothing connects yet). */
export function createKafkaClient(options: ResolvedKafkaBusOptions): Kafka {
  const config: KafkaConfig = {
    clientId: options.clientId,
    brokers: options.brokers,
    connectionTimeout: Math.min(options.connectionTimeoutMs, 10_000),
    logLevel: logLevel.INFO,
    logCreator: kafkaLogCreator(options.log ?? logToStderr),
  };
  if (options.ssl !== false) config.ssl = options.ssl;
  // The zod enum is the union kafkajs spells per mechanism.
  if (options.sasl) config.sasl = options.sasl as SASLOptions;
  return new Kafka(config);
}

/**
 * Resolve with `work`, or fail with `BUS_UNAVAILABLE` when it fails or takes longer than
 * `timeoutMs` (then `abandon` runs, to stop kafkajs retrying in the background).
 */
export async function withinTimeout<T>(
  work: Promise<T>,
  timeoutMs: number,
  brokers: readonly string[],
  abandon: () => Promise<unknown>,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no connection within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } catch (cause) {
    work.catch(() => undefined);
    await abandon().catch(() => undefined);
    throw busUnavailable(brokers, cause);
  } finally {
    clearTimeout(timer);
  }
}

/** Resolve once a TCP connection to `broker` opens; reject on error or after `timeoutMs`. */
function probe(broker: string, timeoutMs: number): Promise<void> {
  const at = broker.lastIndexOf(':');
  const host = broker.slice(0, at);
  const port = Number(broker.slice(at + 1));
  return new Promise((resolve, reject) => {
    const socket = connectTcp({ host, port });
    socket.setTimeout(timeoutMs, () =>
      socket.destroy(new Error(`no answer within ${timeoutMs} ms`)),
    );
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', reject);
  });
}

/**
 * Fail fast with `BUS_UNAVAILABLE` when no bootstrap broker accepts a TCP connection, before
 * kafkajs starts its own connection retries (which take many seconds and log every attempt).
 */
export async function assertSomeBrokerListens(
  brokers: readonly string[],
  timeoutMs: number,
): Promise<void> {
  try {
    await Promise.any(brokers.map((broker) => probe(broker, timeoutMs)));
  } catch (error) {
    const causes = error instanceof AggregateError ? error.errors : [error];
    throw busUnavailable(brokers, new Error(causes.map((c) => errorMessage(c)).join('; ')));
  }
}
