/**
 * What the store keeps beside the event log, derived from it (participants, ratings, champions,
 * series), and the hooks through which other layers shape it without persistence importing them.
 */
import type { EndReason } from '@arena/models';

/** One seat's result in a finished game, from its `game_created` and `game_ended` events. */
export interface Placement {
  playerId: string;
  seat: number;
  characterId: string;
  name: string;
  model: string;
  /** 1 = winner; eliminated players are placed by reverse elimination order. */
  place: number;
  status: 'active' | 'eliminated';
}

/** A game that has ended, as ratings read it. */
export interface FinishedGame {
  gameId: string;
  endReason: EndReason;
  /** Timestamp of `game_ended`, exactly as in the event. */
  endedAt: string;
  placements: Placement[];
}

export type RatingPool = 'character' | 'model';

/** A rating in one pool: a character id or a model spec. */
export interface RatingRow {
  pool: RatingPool;
  /** Character id (pool `character`) or model spec (pool `model`). */
  key: string;
  mu: number;
  sigma: number;
  /** Rated games this key took part in. */
  games: number;
  wins: number;
  lastGameId: string;
  /** `endedAt` of the last rated game. */
  updatedAt: string;
}

/**
 * How a finished game moves ratings: given the current rows of its participants (keyed
 * `<pool>:<key>`, absent = unrated), return the rows to store. Returns [] for a game that is not
 * rated (an aborted one, say). Supplied by the scoring layer through the composition root.
 */
export type RatingUpdater = (
  game: FinishedGame,
  current: ReadonlyMap<string, RatingRow>,
) => RatingRow[];

export interface ListRatingsOptions {
  pool: RatingPool;
  /** @default no limit */
  limit?: number;
}

/** A champion: a character whose memory changed at least once. */
export interface ChampionSummary {
  characterId: string;
  /** Display name in the game of its latest memory change. */
  name: string;
  /** Latest memory version (1, 2, …). */
  version: number;
  games: number;
  wins: number;
  memory: string;
  lastGameId: string;
  updatedAt: string;
}

/** One stored memory change, with the game (and event) that caused it. */
export interface ChampionMemoryVersion {
  characterId: string;
  version: number;
  gameId: string;
  seq: number;
  outcome: 'won' | 'lost';
  lessons: string[];
  memory: string;
  games: number;
  wins: number;
  model: string;
  ts: string;
}

export type SeriesStatus = 'running' | 'ended';

/** A series as stored: its validated definition is opaque to the store. */
export interface SeriesRecord {
  seriesId: string;
  format: string;
  status: SeriesStatus;
  /** The series definition (validated by orchestration before it is stored). */
  config: unknown;
  /** Final or current standings, as orchestration computed them; null before any game ended. */
  standings: unknown;
  createdAt: string;
  updatedAt: string;
}

/** A game of a series (from `game_created.series`), with its summary's current status. */
export interface SeriesGameRow {
  seriesId: string;
  round: number;
  index: number;
  gameId: string;
  status: 'running' | 'ended';
  endReason: EndReason | null;
  winnerId: string | null;
}
