export { NAME_MODES, SERIES_FORMATS, SeriesConfigSchema } from './series-config';
export type { SeriesConfig, SeriesConfigInput, SeriesFormat } from './series-config';
export type {
  GameResult,
  PlannedRound,
  PlayedRound,
  ScheduledGame,
  SeriesContext,
} from './series-types';
export { planRound, seriesGameId } from './schedule';
export { NEUTRAL_NAMES } from './seat-arrangement';
export { MAX_POOL_GAMES } from './round-robin';
export { seriesStandings } from './standings';
export type { SeriesStanding, SeriesStandings } from './standings';
export type { SeriesServices } from './series-game';
export { loadSeries, playSeries, resumeSeries, storedConfig } from './play-series';
export type { SeriesOutcome, SeriesProgress, SeriesRunOptions } from './play-series';
