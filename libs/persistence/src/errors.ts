import { ArenaError } from '@arena/models';

/** Error codes raised by `@arena/persistence`. */
export const PERSISTENCE_ERROR_CODES = {
  /** A different event is already stored at this (game, seq), or its id is taken. */
  EVENT_CONFLICT: 'PERSISTENCE_EVENT_CONFLICT',
  /** The batch does not continue the stored log without a gap, or skips a seq itself. */
  SEQUENCE_GAP: 'PERSISTENCE_SEQUENCE_GAP',
  /** The batch mixes games, or does not start a game with `game_created` at seq 0. */
  INVALID_BATCH: 'PERSISTENCE_INVALID_BATCH',
  /** An event fails `GameEventSchema` or holds text Postgres cannot store (NUL, lone surrogates). */
  INVALID_EVENT: 'PERSISTENCE_INVALID_EVENT',
  /** A stored row does not decode into a valid event. */
  CORRUPT_EVENT: 'PERSISTENCE_CORRUPT_EVENT',
  /** A paging or range option is not a non-negative integer. */
  INVALID_OPTIONS: 'PERSISTENCE_INVALID_OPTIONS',
  /** A rating row or series record to store is malformed (the message names the field). */
  INVALID_RECORD: 'PERSISTENCE_INVALID_RECORD',
  /** The database could not be opened, reached or migrated. */
  OPEN_FAILED: 'PERSISTENCE_OPEN_FAILED',
  /** The database failed an operation (connection lost, disk full, refused statement). */
  STORAGE_FAILED: 'PERSISTENCE_STORAGE_FAILED',
  /** Another live process holds the embedded database's folder. */
  DATA_DIR_LOCKED: 'PERSISTENCE_DATA_DIR_LOCKED',
  /** The store was used after `close()`. */
  STORE_CLOSED: 'PERSISTENCE_STORE_CLOSED',
  /** Redis (live state) could not be reached, or failed a command. */
  LIVE_STATE_UNAVAILABLE: 'PERSISTENCE_LIVE_STATE_UNAVAILABLE',
  /** The live state was used after `close()`. */
  LIVE_STATE_CLOSED: 'PERSISTENCE_LIVE_STATE_CLOSED',
} as const;

/** Error for any call on a store after `close()`. */
export function storeClosed(): ArenaError {
  return new ArenaError('The event store is closed', {
    code: PERSISTENCE_ERROR_CODES.STORE_CLOSED,
  });
}

/** The innermost message of an error chain: the database's own words, not a wrapper's. */
function rootMessage(error: unknown): string {
  let current: unknown = error;
  let message = String(error);
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    message = current.message;
    current = current.cause;
  }
  return message;
}

/** Error for a database failure while the store was doing `operation`. */
export function storageFailed(operation: string, error: unknown): ArenaError {
  return new ArenaError(`The event store could not ${operation}: ${rootMessage(error)}`, {
    code: PERSISTENCE_ERROR_CODES.STORAGE_FAILED,
    details: { operation },
    cause: error,
  });
}

/** Run a database operation, reporting driver failures as `PERSISTENCE_STORAGE_FAILED`. */
export async function guarded<T>(operation: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ArenaError) throw error;
    throw storageFailed(operation, error);
  }
}
