/** Error codes raised by `@arena/persistence`. */
export const PERSISTENCE_ERROR_CODES = {
  /** A different event is already stored at this (game, seq), or its id is taken. */
  EVENT_CONFLICT: 'PERSISTENCE_EVENT_CONFLICT',
  /** The batch does not continue the stored log without a gap, or skips a seq itself. */
  SEQUENCE_GAP: 'PERSISTENCE_SEQUENCE_GAP',
  /** The batch mixes games, or does not start a game with `game_created` at seq 0. */
  INVALID_BATCH: 'PERSISTENCE_INVALID_BATCH',
  /** An event holds text Postgres cannot store (NUL characters, unpaired surrogates). */
  UNSTORABLE_EVENT: 'PERSISTENCE_UNSTORABLE_EVENT',
  /** A stored row does not decode into a valid event. */
  CORRUPT_EVENT: 'PERSISTENCE_CORRUPT_EVENT',
  /** A paging or range option is not a non-negative integer. */
  INVALID_OPTIONS: 'PERSISTENCE_INVALID_OPTIONS',
  /** The store was used after `close()`. */
  STORE_CLOSED: 'PERSISTENCE_STORE_CLOSED',
} as const;
