import type { EndReason, GameEvent } from '@arena/models';
import type {
  ChampionMemoryVersion,
  ChampionSummary,
  FinishedGame,
  ListRatingsOptions,
  Placement,
  RatingRow,
  RatingUpdater,
  SeriesGameRow,
  SeriesRecord,
} from './records';

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

/** Which games to list or count. */
export interface GameFilter {
  /** Only games with this status. @default all */
  status?: 'running' | 'ended';
  /** Only games of this scenario id. @default all */
  scenario?: string;
  /** Only games in which a seat plays this character id. @default all */
  character?: string;
}

export interface ListGamesOptions extends GameFilter {
  /** At most this many games. @default no limit */
  limit?: number;
  /** Games to skip, for paging. @default 0 */
  offset?: number;
}

/** Hooks every store accepts when it is opened. */
export interface EventStoreOptions {
  /**
   * Moves ratings when a batch holding `game_ended` is stored, in the same transaction as the
   * events. @default none: ratings are only changed by `replaceRatings`
   */
  ratings?: RatingUpdater;
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
  /** How many games match the filter (all of them without one), for paging `listGames`. */
  countGames(filter?: GameFilter): Promise<number>;
  getGame(gameId: string): Promise<GameSummary | null>;
  /** Seats of a game with their final placement; [] before it ends or when unknown. */
  placements(gameId: string): Promise<Placement[]>;
  /**
   * Finished games read from the event log (`game_created` + `game_ended`), in the order
   * ratings apply them: by `endedAt`, then game id. Paged so a rebuild never holds every log.
   */
  finishedGames(options?: { limit?: number; offset?: number }): Promise<FinishedGame[]>;
  /**
   * Ratings of one pool, best conservative rating (μ − 3σ) first, then by key. Kept by the
   * store's `RatingUpdater` in the same transaction as each `game_ended`.
   */
  listRatings(options: ListRatingsOptions): Promise<RatingRow[]>;
  /** Replace every stored rating with `rows` in one transaction (a rebuild). */
  replaceRatings(rows: readonly RatingRow[]): Promise<void>;
  /** Champions, most wins first, then latest change first. */
  listChampions(): Promise<ChampionSummary[]>;
  getChampion(characterId: string): Promise<ChampionSummary | null>;
  /** Every memory version of a champion, oldest first; [] when unknown. */
  championHistory(characterId: string): Promise<ChampionMemoryVersion[]>;
  /** Insert or replace a series record (its games are linked by their `game_created`). */
  saveSeries(record: SeriesRecord): Promise<void>;
  getSeries(seriesId: string): Promise<SeriesRecord | null>;
  /** Series, newest first. */
  listSeries(): Promise<SeriesRecord[]>;
  /** Games of a series by schedule index; [] when none. */
  seriesGames(seriesId: string): Promise<SeriesGameRow[]>;
  /** Release the store; later calls throw `PERSISTENCE_STORE_CLOSED`. */
  close(): Promise<void>;
}
