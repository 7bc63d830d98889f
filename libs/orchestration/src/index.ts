export { isFileReference, loadContentCatalog, readContentFile } from './catalog';
export type { ContentCatalog } from './catalog';
export { saveContentFile, withContent } from './content-files';
export type { ContentFile, ContentKind } from './content-files';
export { ORCHESTRATION_ERROR_CODES } from './errors';
export { GameSession, modelRuntimeOf } from './game-session';
export { budgetProblem } from './budget';
export { modelDefaults, openModelSetup, providerSettings, readPriceTable } from './models';
export type { ModelDefaults, ModelSetup } from './models';
export type { EngineProbe, GameServices, ProbeCategory, RunOptions } from './game-session';
export {
  createGame,
  createGameFromConfig,
  gameNotFound,
  loadGame,
  modelSpecsOf,
  playGame,
  runGame,
} from './games';
export { SIM_DEFAULTS, effectiveRules, resolveGameSpec, resolveScenario } from './resolve-spec';
export { canonicalJson, eventsToJsonLines } from './export';
export { EXPORT_FORMATS, exportGame } from './export-game';
export type { ExportFormat } from './export-game';
export { eventsToMarkdown, messageAnchor } from './export-markdown';
export { REPLAY_EVENTS_ELEMENT_ID, escapeHtml, eventsToHtml, jsonForScript } from './export-html';
export { modelCallTotals, sumModelCalls } from './model-call-totals';
export type { ModelCallTotal } from './model-call-totals';
export {
  ArenaSettingsSchema,
  DEFAULT_CONTENT_DIR,
  DEFAULT_DASHBOARD_DIR,
  isSettingsError,
  parseSettings,
} from './settings';
export type { ArenaSettings } from './settings';
export { openArenaServices } from './services';
export { kafkaBusOptions, openMessageBus } from './bus-options';
export type { ReadSettingFile } from './bus-options';
export { driveGame, gameLeased, leaseOwnerOf } from './drive-game';
export type { DriveOptions, DriveResult, LeasedGameServices } from './drive-game';
export { readEventsBetween, readLiveGame, restoreLiveGame } from './live-reads';
export type { LiveGameRead, LiveReadServices } from './live-reads';
export type { ArenaServices } from './services';
export { DEFAULT_PLAYER_IDS, DEFAULT_SCENARIO_ID } from './defaults';
export {
  CALIBRATION_FOLDER,
  checkCalibrationSet,
  defaultCalibrationSetPath,
  loadCalibrationSet,
} from './calibration';
export { runJudgeCheck } from './judge-check';
export type { JudgeCheckOptions } from './judge-check';
export { MOVED } from './judge-check-report';
export type { CaseResult, ItemResult, JudgeCheckReport } from './judge-check-report';
export { RejudgeOptionsSchema, rejudgeGame } from './rejudge';
export { ForkOptionsSchema, forkGame, lastForkableTurn } from './fork';
export type { ForkOptions } from './fork';
export { diffGames } from './diff';
export {
  CHAMPION_MEMORY_PURPOSE,
  MEMORY_LESSONS,
  championLessonsPrompt,
  championLessonsSystemPrompt,
  distilChampionMemories,
  extractLessons,
  memoryLessons,
  publicGameRecord,
  renderMemory,
} from './champion-memory';
export type { ChampionMemoryUpdate, PublicGameRecord } from './champion-memory';
export { championSeatIndexes, seatChampions } from './champion-seats';
export type { DiffGameSide, DiffPlayerSide, GameDiff } from './diff';
export { rebuildStoredRatings } from './ratings';
export type { RebuildRatingsOptions, StoredRatingsRebuild } from './ratings';
export type {
  EliminationRecord,
  EndingRecord,
  PlayerResult,
  RejudgeOptions,
  RejudgeResult,
} from './rejudge';
export {
  MAX_POOL_GAMES,
  NAME_MODES,
  NEUTRAL_NAMES,
  SERIES_FORMATS,
  SeriesConfigSchema,
  loadSeries,
  planRound,
  playSeries,
  resumeSeries,
  seriesGameId,
  seriesStandings,
  storedConfig,
} from './series';
export type {
  GameResult,
  PlannedRound,
  PlayedRound,
  ScheduledGame,
  SeriesConfig,
  SeriesConfigInput,
  SeriesContext,
  SeriesFormat,
  SeriesOutcome,
  SeriesProgress,
  SeriesRunOptions,
  SeriesServices,
  SeriesStanding,
  SeriesStandings,
} from './series';
