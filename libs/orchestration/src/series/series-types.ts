import type { SeriesConfig } from './series-config';

/**
 * What scheduling sees of a series: its definition and its entrants' keys (their resolved
 * character ids), in the order the definition lists them.
 */
export interface SeriesContext {
  config: SeriesConfig;
  entrants: readonly string[];
}

/** Who plays together in one game, before seats are arranged. */
export interface Grouping {
  entrants: string[];
  /** King of the hill: the reigning champion in this game. */
  champion: string | null;
}

/** A format's next round: its games' groupings, and the entrants who move on without playing. */
export interface RoundGroupings {
  groupings: Grouping[];
  byes: string[];
}

/** One game of a series as scheduled. */
export interface ScheduledGame {
  /** 1-based round of the series. */
  round: number;
  /** 0-based place in the series' whole schedule. */
  index: number;
  /** `<seriesId>-r<round>-g<index>`. */
  gameId: string;
  /** Entrant keys in seat order: seat 1 first, which is also the speaking order. */
  seats: string[];
  /** Names shown for the seats, in seat order, with `names: rotate`; null with `own`. */
  names: string[] | null;
  /** King of the hill: the reigning champion; null otherwise. */
  champion: string | null;
}

/** How an ended game finished for the series. */
export interface GameResult {
  gameId: string;
  /** Entrant keys by final place, winner's place first. */
  finish: string[];
  /** The game's winner (null when nobody won, e.g. everyone was eliminated). */
  winner: string | null;
}

/** A round that has been played: its games and their results, in schedule order. */
export interface PlayedRound {
  round: number;
  games: ScheduledGame[];
  byes: string[];
  results: GameResult[];
}

/** The next round to play. */
export interface PlannedRound {
  round: number;
  games: ScheduledGame[];
  byes: string[];
}
