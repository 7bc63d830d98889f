export { isFileReference, loadContentCatalog, readContentFile } from './catalog';
export type { ContentCatalog } from './catalog';
export { ORCHESTRATION_ERROR_CODES } from './errors';
export { GameSession, modelRuntimeOf } from './game-session';
export { budgetProblem } from './budget';
export { modelDefaults, openModelSetup, providerSettings, readPriceTable } from './models';
export type { ModelDefaults, ModelSetup } from './models';
export type { EngineProbe, GameServices, ProbeCategory, RunOptions } from './game-session';
export {
  createGame,
  createGameFromConfig,
  loadGame,
  modelSpecsOf,
  playGame,
  runGame,
} from './games';
export { SIM_DEFAULTS, effectiveRules, resolveGameSpec, resolveScenario } from './resolve-spec';
export { canonicalJson, eventsToJsonLines } from './export';
export {
  ArenaSettingsSchema,
  DEFAULT_CONTENT_DIR,
  isSettingsError,
  parseSettings,
} from './settings';
export type { ArenaSettings } from './settings';
export { openArenaServices } from './services';
export type { ArenaServices } from './services';
export { DEFAULT_PLAYER_IDS, DEFAULT_SCENARIO_ID } from './defaults';
