import type { EndReason, GameEvent } from '@arena/models';

/** One game as listed by the store: a projection of its events, kept current on every append. */
export interface GameSummary {
  gameId: string;
  scenarioId: string;
  title: string;
  status: 'running' | 'ended';
  endReason: EndReason | null;
  winnerId: string | null;
  /** Seats in the game. */
  players: number;
  /** Last turn started (0 before the first). */
  turns: number;
  lastSeq: number;
  /** Timestamp of `game_created`, exactly as in the event. */
  createdAt: string;
  /** Timestamp of the latest stored event, exactly as in the event. */
  updatedAt: string;
}

export interface LoadOptions {
  /** First seq to return (inclusive). @default 0 */
  fromSeq?: number;
}

export interface ListGamesOptions {
  /** Only games with this status. @default all */
  status?: 'running' | 'ended';
  /** At most this many games. @default no limit */
  limit?: number;
  /** Games to skip, for paging. @default 0 */
  offset?: number;
}

/**
 * Append-only store of game event logs with a per-game summary. Games are listed newest first
 * (by `createdAt`, then by id).
 */
export interface EventStore {
  /**
   * Append events of ONE game with consecutive seqs continuing the stored log, in one transaction.
   * Idempotent on (gameId, seq): re-appending identical events is a no-op; a different event at a
   * stored seq throws `PERSISTENCE_EVENT_CONFLICT`; a gap throws `PERSISTENCE_SEQUENCE_GAP`.
   * Appends for one game run in call order, so a caller may issue the next batch before the
   * previous one resolves.
   */
  append(events: readonly GameEvent[]): Promise<void>;
  /** All events of a game in seq order (from `fromSeq` inclusive); [] when unknown. */
  load(gameId: string, options?: LoadOptions): Promise<GameEvent[]>;
  listGames(options?: ListGamesOptions): Promise<GameSummary[]>;
  getGame(gameId: string): Promise<GameSummary | null>;
  /** Release the store; later calls throw `PERSISTENCE_STORE_CLOSED`. */
  close(): Promise<void>;
}
