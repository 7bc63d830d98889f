import { readFileSync } from 'node:fs';
import {
  DEFAULT_RETRY_POLICY,
  createInMemoryBus,
  createKafkaBus,
  type KafkaBusOptions,
  type MessageBus,
  type RetryPolicy,
} from '@arena/message-bus';
import { invalidInput } from '@arena/models';
import type { ArenaSettings } from './settings';

/** Reads a file named by a setting; injected so tests need no files and libraries no globals. */
export type ReadSettingFile = (path: string) => string;

const readUtf8: ReadSettingFile = (path) => readFileSync(path, 'utf8');

/**
 * The Kafka bus's options from settings: brokers, client id, topic prefix, TLS (with the CA file
 * read through `readFile`), SASL, group timeouts, the gzip threshold and the retry policy.
 * Throws an `INVALID_INPUT` settings error when the bus is not Kafka or the CA file cannot be
 * read, naming the variable.
 *
 * @example
 * const bus = await createKafkaBus(kafkaBusOptions(parseSettings(process.env)));
 */
export function kafkaBusOptions(
  settings: ArenaSettings,
  options: { readFile?: ReadSettingFile } = {},
): KafkaBusOptions {
  if (settings.ARENA_BUS !== 'kafka' || !settings.KAFKA_BROKERS) {
    throw invalidInput(
      'settings',
      [{ path: 'ARENA_BUS', message: 'must be kafka, with KAFKA_BROKERS, to build a Kafka bus' }],
      'environment',
    );
  }
  return {
    brokers: settings.KAFKA_BROKERS,
    clientId: settings.KAFKA_CLIENT_ID,
    topicPrefix: settings.KAFKA_TOPIC_PREFIX,
    ssl: tlsOptions(settings, options.readFile ?? readUtf8),
    ...(settings.KAFKA_SASL_MECHANISM
      ? {
          sasl: {
            mechanism: settings.KAFKA_SASL_MECHANISM,
            username: settings.KAFKA_SASL_USERNAME ?? '',
            password: settings.KAFKA_SASL_PASSWORD ?? '',
          },
        }
      : {}),
    retry: busRetryPolicy(settings),
    gzipThresholdBytes: settings.KAFKA_GZIP_THRESHOLD_BYTES,
    sessionTimeoutMs: settings.KAFKA_SESSION_TIMEOUT_MS,
    heartbeatIntervalMs: settings.KAFKA_HEARTBEAT_INTERVAL_MS,
  };
}

/** The retry policy of bus handlers: the settings' attempts and waits over the default codes. */
function busRetryPolicy(settings: ArenaSettings): RetryPolicy {
  return {
    ...DEFAULT_RETRY_POLICY,
    maxAttempts: settings.ARENA_BUS_RETRY_ATTEMPTS,
    initialDelayMs: settings.ARENA_BUS_RETRY_INITIAL_MS,
    maxDelayMs: settings.ARENA_BUS_RETRY_MAX_MS,
  };
}

/** Plain TLS when only `KAFKA_SSL` is on; an object when a CA or verification is configured. */
function tlsOptions(settings: ArenaSettings, readFile: ReadSettingFile): KafkaBusOptions['ssl'] {
  if (!settings.KAFKA_SSL) return false;
  const file = settings.KAFKA_SSL_CA_FILE;
  if (!file && settings.KAFKA_SSL_REJECT_UNAUTHORIZED) return true;
  return {
    ...(file ? { ca: readCaFile(file, readFile) } : {}),
    rejectUnauthorized: settings.KAFKA_SSL_REJECT_UNAUTHORIZED,
  };
}

function readCaFile(path: string, readFile: ReadSettingFile): string {
  let text: string;
  try {
    text = readFile(path);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw invalidInput(
      'settings',
      [{ path: 'KAFKA_SSL_CA_FILE', message: `cannot read ${path}: ${reason}` }],
      'environment',
    );
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) {
    throw invalidInput(
      'settings',
      [{ path: 'KAFKA_SSL_CA_FILE', message: `${path} must hold PEM certificates` }],
      'environment',
    );
  }
  return text;
}

/**
 * The bus the settings name: Kafka (connected; fails with `BUS_UNAVAILABLE` naming the brokers
 * when they cannot be reached) or the in-process bus, both with the settings' retry policy.
 * Games publish only events their store has just validated, so the in-process bus does not
 * check them again; Kafka checks what it receives, since anyone may write to a topic.
 * `produced-at` is the wall-clock time of sending: it describes the transport, so it never
 * reads a game's injected clock (a stepping clock would otherwise move the game's timestamps).
 *
 * @example
 * const bus = await openMessageBus(parseSettings(process.env));
 */
export async function openMessageBus(
  settings: ArenaSettings,
  options: { readFile?: ReadSettingFile } = {},
): Promise<MessageBus> {
  if (settings.ARENA_BUS !== 'kafka') {
    return createInMemoryBus({ validate: false, retry: busRetryPolicy(settings) });
  }
  return createKafkaBus(kafkaBusOptions(settings, options));
}
