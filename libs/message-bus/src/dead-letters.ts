import { ArenaError } from '@arena/models';
import { isUtf8 } from 'node:buffer';
import { ENVELOPE_HEADERS } from './envelope';
import { BUS_ERROR_CODES, errorCode, errorMessage } from './errors';
import type { DeadLetter } from './message-bus';

/** Headers a dead letter carries beside the original ones. */
export const DLQ_HEADERS = {
  errorCode: 'dlq-error-code',
  errorMessage: 'dlq-error-message',
  /** How many times the handler ran (0 when the message could not be decoded). */
  attempts: 'dlq-attempts',
  /** Catalogue name of the topic the message came from. */
  topic: 'dlq-topic',
  partition: 'dlq-partition',
  offset: 'dlq-offset',
  /** The consumer group that gave up on it; empty for a subscriber without a group. */
  group: 'dlq-group',
  failedAt: 'dlq-failed-at',
  /** On a replayed message: the id of the dead letter it came from. */
  replayedFrom: 'dlq-replayed-from',
} as const;

/** Where a failed message was and why it failed. */
export interface DeadLetterFailure {
  error: unknown;
  attempts: number;
  topic: string;
  partition: number | null;
  offset: string | null;
  group: string | null;
  failedAt: Date;
}

/** The headers recording a failure, to add to the message's original headers. */
export function failureHeaders(failure: DeadLetterFailure): Record<string, string> {
  return {
    [DLQ_HEADERS.errorCode]: errorCode(failure.error),
    [DLQ_HEADERS.errorMessage]: errorMessage(failure.error),
    [DLQ_HEADERS.attempts]: String(failure.attempts),
    [DLQ_HEADERS.topic]: failure.topic,
    [DLQ_HEADERS.partition]: failure.partition === null ? '' : String(failure.partition),
    [DLQ_HEADERS.offset]: failure.offset ?? '',
    [DLQ_HEADERS.group]: failure.group ?? '',
    [DLQ_HEADERS.failedAt]: failure.failedAt.toISOString(),
  };
}

/** Failure headers that describe this dead-lettering, not the original message. */
const FAILURE_HEADER_NAMES: ReadonlySet<string> = new Set(
  Object.values(DLQ_HEADERS).filter((name) => name !== DLQ_HEADERS.replayedFrom),
);

/** A body as a dead letter shows it: UTF-8 text when it is text, else base64. */
export function deadLetterBody(
  body: Buffer | null,
  headers: Record<string, string>,
): Pick<DeadLetter, 'value' | 'encoding'> {
  const bytes = body ?? Buffer.alloc(0);
  if (headers[ENVELOPE_HEADERS.contentEncoding] === undefined && isUtf8(bytes)) {
    return { value: bytes.toString('utf8'), encoding: 'utf8' };
  }
  return { value: bytes.toString('base64'), encoding: 'base64' };
}

/** Read a dead letter stored at `id` with its failure headers. */
export function parseDeadLetter(
  id: string,
  record: { key: string | null; value: Buffer | null; headers: Record<string, string> },
): DeadLetter {
  const original: Record<string, string> = {};
  for (const [name, value] of Object.entries(record.headers)) {
    if (!FAILURE_HEADER_NAMES.has(name)) original[name] = value;
  }
  const h = record.headers;
  const partition = h[DLQ_HEADERS.partition] ? Number(h[DLQ_HEADERS.partition]) : null;
  return {
    id,
    topic: h[DLQ_HEADERS.topic] ?? '',
    partition: Number.isInteger(partition) ? partition : null,
    offset: h[DLQ_HEADERS.offset] || null,
    key: record.key,
    headers: original,
    ...deadLetterBody(record.value, original),
    error: {
      code: h[DLQ_HEADERS.errorCode] || BUS_ERROR_CODES.HANDLER_FAILED,
      message: h[DLQ_HEADERS.errorMessage] ?? '',
      attempts: Number(h[DLQ_HEADERS.attempts] ?? 0) || 0,
    },
    group: h[DLQ_HEADERS.group] || null,
    failedAt: h[DLQ_HEADERS.failedAt] ?? '',
  };
}

/**
 * The entries named by `ids` (all with `'all'`), in the order asked.
 * @throws `BUS_UNKNOWN_DEAD_LETTER` naming every id that is not there.
 */
export function selectDeadLetters<T extends { id: string }>(
  entries: readonly T[],
  ids: readonly string[] | 'all',
): T[] {
  if (ids === 'all') return [...entries];
  const byId = new Map(entries.map((entry) => [entry.id, entry]));
  const missing = ids.filter((id) => !byId.has(id));
  if (missing.length > 0) {
    throw new ArenaError(
      `Unknown dead letter${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (ids are <partition>:<offset>, as listed by deadLetters.list)`,
      { code: BUS_ERROR_CODES.UNKNOWN_DEAD_LETTER, category: 'user', details: { missing } },
    );
  }
  return ids.map((id) => byId.get(id) as T);
}
