export { AGENTS_ERROR_CODES } from './errors';
export { ROLE_ERROR_CODE, RoleCallError, isRoleCallError } from './model-call';
export type { ModelCallRecord, Reply } from './model-call';
export { PlayerActionSchema } from './player-action';
export type { PlayerAction } from './player-action';
export type {
  DefenceContext,
  FinalWordsContext,
  FloorBid,
  PlayerAgent,
  TurnContext,
} from './player-agent';
export type { Narrator, NarratorContext, NarratorTrigger } from './narrator';
export type {
  JudgeScores,
  ModelJudge,
  ScoreContext,
  ScoredContribution,
  SolvedContext,
  SolvedDecision,
  Summariser,
  SummaryContext,
  VerdictContext,
  VerdictDecision,
} from './officials';
export {
  BUDGET_ERROR_CODE,
  BudgetExceededError,
  MODEL_ERROR_CODE,
  MODEL_ERROR_KINDS,
  ModelCallError,
  isBudgetExceeded,
  isModelCallError,
} from './llm/errors';
export type { BudgetMeasure, BudgetScope, ModelErrorKind } from './llm/errors';
export { EMPTY_STATS } from './llm/types';
export type {
  CallMeta,
  CallParams,
  CallStats,
  CallerRole,
  ChatMessage,
  ChatRequest,
  ChatResponse,
  ClientWrapper,
  ModelClient,
  OutputSchema,
  Sleep,
  Timing,
  Usage,
} from './llm/types';
export { PROVIDERS } from './providers/types';
export type { ParsedSpec, Provider, ProviderSettings } from './providers/types';
export { parseModelSpec, safeParseModelSpec } from './providers/parse-spec';
export { MODEL_SPEC_FORMS, PROVIDER_ERROR_CODES } from './providers/errors';
export { assertProvidersConfigured, describeModels } from './providers/configured';
export type { ModelDescription } from './providers/configured';
export { checkModel } from './providers/doctor';
export type { ModelCheck } from './providers/doctor';
export { createProviderClient } from './providers/langchain-client';
export type { ProviderClientOptions } from './providers/langchain-client';
export { createEmbedder } from './embeddings/embedder';
export type { Embedder } from './embeddings/embedder';
export { createEmbeddingTransport } from './embeddings/embedding-transport';
export { parseEmbeddingSpec, safeParseEmbeddingSpec } from './embeddings/embedding-spec';
export type { EmbeddingSpec } from './embeddings/embedding-spec';
export { EMBEDDING_SPEC_FORMS } from './embeddings/errors';
export { createModelRuntime } from './runtime';
export type { ModelRuntime, ModelRuntimeOptions, RateLimitSettings } from './runtime';
export {
  BudgetLedger,
  CASSETTE_MODES,
  CassetteEntrySchema,
  DEFAULT_RETRY_POLICY,
  ModelPriceSchema,
  PriceTableSchema,
  RateLimitOptionsSchema,
  RetryPolicySchema,
  canonicalJson,
  cassetteKey,
  composeClient,
  costOf,
  createMemoryCassette,
  createRateLimiter,
  openFileCassette,
  realSleep,
  realTiming,
  withAccounting,
  withBudget,
  withCassette,
  withRateLimit,
  withRetry,
  withTimeout,
} from './wrappers';
export type {
  BudgetLedgerOptions,
  BudgetSpend,
  Cassette,
  CassetteEntry,
  CassetteMode,
  ClientParts,
  MemoryCassette,
  ModelPrice,
  PriceTable,
  RateLimitOptions,
  RateLimiter,
  RetryPolicy,
} from './wrappers';
export { createSimPlayer } from './sim/sim-player';
export { createSimNarrator } from './sim/sim-narrator';
export { createSimSummariser } from './sim/sim-summariser';
export { askStructured } from './structured/ask-structured';
export type { StructuredRequest } from './structured/ask-structured';
export { QUOTED_DATA_NOTICE, quoteBlock, quotedSection } from './prompts/quote';
export { ROLE_PARAMS } from './roles/role-options';
