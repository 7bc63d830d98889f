import { performance } from 'node:perf_hooks';
import { ArenaError } from '@arena/models';
import { createEmbedder, type Embedder } from './embeddings/embedder';
import { parseEmbeddingSpec } from './embeddings/embedding-spec';
import { createEmbeddingTransport } from './embeddings/embedding-transport';
import type { ModelClient, Timing } from './llm/types';
import type { Narrator } from './narrator';
import type { ModelJudge, Summariser } from './officials';
import type { PlayerAgent } from './player-agent';
import { assertProvidersConfigured } from './providers/configured';
import { createProviderClient } from './providers/langchain-client';
import { parseModelSpec } from './providers/parse-spec';
import type { Provider, ProviderSettings } from './providers/types';
import { createLlmJudge, createLlmNarrator, createLlmPlayer, createLlmSummariser } from './roles';
import { createSimNarrator } from './sim/sim-narrator';
import { createSimPlayer } from './sim/sim-player';
import { createSimSummariser } from './sim/sim-summariser';
import {
  RetryPolicySchema,
  composeClient,
  createRateLimiter,
  realSleep,
  type Cassette,
  type PriceTable,
  type RateLimiter,
  type RetryPolicy,
} from './wrappers';

/** Per-provider request limits. */
export interface RateLimitSettings {
  requestsPerMinute: number;
  maxConcurrent?: number;
}

export interface ModelRuntimeOptions {
  /** Keys and endpoints. @default {} (only `sim`, `ollama` and `openai-compatible` work without keys) */
  providers?: ProviderSettings;
  /** USD per million tokens by spec or `provider:*` pattern. @default {} (every call costs 0) */
  prices?: PriceTable;
  retry?: Partial<RetryPolicy>;
  /** Per-call timeout. @default 60000 */
  timeoutMs?: number;
  rateLimits?: Partial<Record<Provider, RateLimitSettings>>;
  /** Records every call, or replays recorded calls offline. */
  cassette?: Cassette;
  /** Stream replies from the providers. @default false */
  streaming?: boolean;
  /**
   * Measures latency and waits between retries. It is deliberately not the game's clock: model
   * calls overlap, and the game's timestamps must not depend on how they interleave.
   * @default a monotonic clock and real sleeps
   */
  timing?: Timing;
  /** Wraps each provider client inside the wrappers (fault injection in tests). */
  decorate?: (client: ModelClient) => ModelClient;
  /**
   * Embedding model spec (`openai:<model>`, `ollama:<model>`,
   * `openai-compatible:<base-url>#<model>`); its calls go through the same wrappers.
   * @default none: no embedder
   */
  embeddings?: string;
}

/** Builds every role of a game from model specs: `sim` roles, or roles on wrapped chat models. */
export interface ModelRuntime {
  /** Throws one `user` error listing every spec that cannot be used with this configuration. */
  check(specs: readonly string[]): void;
  /** The wrapped chat model for a non-`sim` spec (one per spec, shared by its roles). */
  client(spec: string): ModelClient;
  player(spec: string): PlayerAgent;
  narrator(spec: string): Narrator;
  /** A model judge, or null for `sim` (the deterministic judge in `@arena/scoring`). */
  judge(spec: string): ModelJudge | null;
  summariser(spec: string): Summariser;
  /** The embedder of `options.embeddings`, or null when none is configured. */
  readonly embedder: Embedder | null;
}

const monotonic: Timing = { clock: { now: () => performance.now() }, sleep: realSleep };

/**
 * The model layer for one process: providers behind timeout, retry, rate limit, accounting and
 * cassette wrappers (ARENA.md §11). Budgets are enforced by the game from its event log.
 *
 * @example
 * const models = createModelRuntime({ providers: { openai: { apiKey } }, prices });
 * models.check(['openai:gpt-4o-mini', 'sim']);
 * const player = models.player('openai:gpt-4o-mini');
 */
export function createModelRuntime(options: ModelRuntimeOptions = {}): ModelRuntime {
  const providers = options.providers ?? {};
  const timing = options.timing ?? monotonic;
  const retry = RetryPolicySchema.parse(options.retry ?? {});
  const limiters = new Map<Provider, RateLimiter>();
  const clients = new Map<string, ModelClient>();

  const limiterFor = (provider: Provider): RateLimiter | undefined => {
    const settings = options.rateLimits?.[provider];
    if (!settings) return undefined;
    let limiter = limiters.get(provider);
    if (!limiter) {
      limiter = createRateLimiter(settings, timing);
      limiters.set(provider, limiter);
    }
    return limiter;
  };

  const wrap = (provider: ModelClient, rateLimited: Provider): ModelClient =>
    composeClient(options.decorate ? options.decorate(provider) : provider, {
      timing,
      timeoutMs: options.timeoutMs ?? 60_000,
      retry,
      limiter: limiterFor(rateLimited),
      prices: options.prices ?? {},
      cassette: options.cassette,
    });

  const client = (spec: string): ModelClient => {
    const cached = clients.get(spec);
    if (cached) return cached;
    const parsed = parseModelSpec(spec);
    if (parsed.provider === 'sim') {
      throw new ArenaError('The sim model is not a chat model', {
        code: 'AGENTS_SIM_IS_NOT_A_CHAT_MODEL',
        details: { spec },
      });
    }
    const provider = createProviderClient(spec, providers, { streaming: options.streaming });
    const built = wrap(provider, parsed.provider);
    clients.set(spec, built);
    return built;
  };

  const openEmbedder = (spec: string): Embedder =>
    createEmbedder(
      wrap(createEmbeddingTransport(spec, providers), parseEmbeddingSpec(spec).provider),
    );
  const embedder = options.embeddings ? openEmbedder(options.embeddings) : null;

  const isSim = (spec: string) => parseModelSpec(spec).provider === 'sim';
  return {
    embedder,
    check: (specs) => assertProvidersConfigured([...specs], providers),
    client,
    player: (spec) => (isSim(spec) ? createSimPlayer() : createLlmPlayer(client(spec))),
    narrator: (spec) => (isSim(spec) ? createSimNarrator() : createLlmNarrator(client(spec))),
    judge: (spec) => (isSim(spec) ? null : createLlmJudge(client(spec))),
    summariser: (spec) => (isSim(spec) ? createSimSummariser() : createLlmSummariser(client(spec))),
  };
}
