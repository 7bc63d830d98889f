export { ArenaError, err, hasErrorCode, ok } from './errors';
export type { ArenaErrorOptions, ErrorCategory, Result } from './errors';
export {
  MODELS_ERROR_CODES,
  formatPath,
  invalidInput,
  safeValidate,
  validate,
  zodIssues,
} from './validation';
export type { Issue } from './validation';
export {
  BigFiveSchema,
  CharacterProfileSchema,
  NeurochemistrySchema,
  TraitSchema,
  ValueSchema,
} from './profile';
export type { BigFive, CharacterProfile, CharacterProfileInput, Trait, Value } from './profile';
export {
  HomunculusCharacterSchema,
  homunculusToProfile,
  isHomunculusDocument,
  slugify,
} from './homunculus';
export type { HomunculusCharacter } from './homunculus';
export { SCENARIO_TYPES, ScenarioSchema, SubProblemSchema } from './scenario';
export type { Scenario, ScenarioInput, SubProblem } from './scenario';
export {
  DEFAULT_RULES,
  DIMENSIONS,
  GAME_MODES,
  PHASES,
  RulesOverrideSchema,
  RulesSchema,
  TURN_POLICIES,
  WeightsSchema,
  manipulationSign,
  mergeRules,
} from './rules';
export type {
  Dimension,
  DimensionScores,
  GameMode,
  Phase,
  Rules,
  RulesOverride,
  TurnPolicyName,
  Weights,
} from './rules';
export {
  BudgetLimitsSchema,
  BudgetsSchema,
  DEFAULT_CONTEXT,
  ContextSchema,
  GameConfigSchema,
  GameSpecSchema,
  MODEL_PROVIDERS,
  ModelSpecSchema,
  SeatInputSchema,
  SeatSchema,
} from './config';
export type {
  BudgetLimits,
  Budgets,
  ContextSettings,
  GameConfig,
  GameConfigInput,
  GameSpec,
  ModelSpec,
  Seat,
} from './config';
export {
  ABORT_CAUSES,
  ACCUSATION_KINDS,
  DETECTORS,
  DetectorHitSchema,
  GroundTruthSchema,
  SpeakingShareSchema,
  END_REASONS,
  EVENT_SCHEMA_VERSION,
  EVENT_TYPES,
  EvidenceSchema,
  GameEventSchema,
  MESSAGE_EVENT_TYPES,
  NARRATOR_TRIGGERS,
  StandingSchema,
  VERDICTS,
  envelopeEvent,
  eventId,
} from './events';
export type {
  AccusationKind,
  DetectorHit,
  DetectorName,
  EndReason,
  GroundTruth,
  SpeakingShare,
  EventOf,
  EventType,
  Evidence,
  GameEvent,
  NewEvent,
  PayloadOf,
  Standing,
  VerdictKind,
} from './events';
export {
  activePlayers,
  applyEvent,
  computeStandings,
  foldGame,
  messageById,
  nextMessageId,
  playerById,
  penalisedPoints,
  playerView,
  standingOf,
} from './state';
export type {
  AccusationState,
  CurrentTurn,
  GameEnd,
  GameState,
  MessageKind,
  PlayerState,
  Spend,
  TranscriptMessage,
} from './state';
export { createRng, gameRng, hashString } from './rng';
export type { Rng } from './rng';
export { steppingClock, systemClock } from './clock';
export type { Clock } from './clock';
export {
  formatYamlDocument,
  parseCharacterText,
  parseScenarioText,
  parseYamlDocument,
} from './documents';
export { modelFamily } from './model-family';
export {
  CalibrationAccusationSchema,
  CalibrationItemSchema,
  CalibrationMessageSchema,
  CalibrationSetSchema,
  ExpectedScoresSchema,
  ScoreRangeSchema,
  parseCalibrationSetText,
} from './calibration';
export type {
  CalibrationAccusation,
  CalibrationItem,
  CalibrationMessage,
  CalibrationSet,
  CalibrationSetInput,
  ExpectedScores,
  ScoreRange,
} from './calibration';
export { COMMAND_SCHEMA_VERSION, GAME_COMMAND_TYPES, GameCommandSchema } from './commands';
export type { GameCommand, GameCommandType } from './commands';
