import { ArenaError } from '@arena/models';
import type { BusMessage } from './message-bus';

/** Error codes raised by `@arena/message-bus`. */
export const BUS_ERROR_CODES = {
  /** A message is not a valid game event or command (the field path is named), or has no key. */
  INVALID_MESSAGE: 'BUS_INVALID_MESSAGE',
  /** A topic name is empty. */
  INVALID_TOPIC: 'BUS_INVALID_TOPIC',
  /** The bus was used after `close()`. */
  CLOSED: 'BUS_CLOSED',
  /** A message read from the broker cannot be decoded (envelope, header, gzip or JSON). */
  DECODE_FAILED: 'BUS_DECODE_FAILED',
  /** A topic name outside the catalogue was given to the topic admin. */
  UNKNOWN_TOPIC: 'BUS_UNKNOWN_TOPIC',
  /** A dead-letter id that is not on the dead-letter topic. */
  UNKNOWN_DEAD_LETTER: 'BUS_UNKNOWN_DEAD_LETTER',
  /** The brokers cannot be reached. */
  UNAVAILABLE: 'BUS_UNAVAILABLE',
  /** A handler failed with an error that has no code of its own. */
  HANDLER_FAILED: 'BUS_HANDLER_FAILED',
  /** The bus options are invalid (the field path is named). */
  INVALID_OPTIONS: 'BUS_INVALID_OPTIONS',
} as const;

/** Error for any publish or subscribe on a closed bus. */
export function busClosed(): ArenaError {
  return new ArenaError('The message bus is closed', { code: BUS_ERROR_CODES.CLOSED });
}

const CODES: ReadonlySet<string> = new Set(Object.values(BUS_ERROR_CODES));

/** True for an error this library raised on purpose (it carries one of `BUS_ERROR_CODES`). */
export function isBusError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && CODES.has(code);
}

/** The code to record for a failure: its own `code` when it has one, else `BUS_HANDLER_FAILED`. */
export function errorCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.length > 0 ? code : BUS_ERROR_CODES.HANDLER_FAILED;
}

/** A one-line description of any thrown value. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return typeof err === 'string' ? err : (JSON.stringify(err) ?? String(err));
}

/** The default `onError`: a dead-lettered message and why, on the console. */
export function reportToConsole(err: unknown, msg: BusMessage): void {
  console.error(
    `A handler for ${msg.topic} failed on ${msg.headers['event-id'] ?? msg.key}, moved to the dead letters:`,
    err,
  );
}
