import type { Clock } from '@arena/models';

/** Who speaks in a chat message sent to a model. */
export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

/** The shape a structured reply must have. */
export interface OutputSchema {
  /** Identifier-safe name (`[a-zA-Z0-9_]+`), used as the tool, function or schema name. */
  name: string;
  /** One sentence telling the model what the object is. */
  description: string;
  /** JSON Schema of the expected reply object (an object schema without `$ref`). */
  jsonSchema: Record<string, unknown>;
}

/** Sampling parameters; part of a cassette key. */
export interface CallParams {
  temperature: number;
  maxTokens: number;
}

export interface ChatRequest {
  messages: ChatMessage[];
  params: CallParams;
  /**
   * When set, the reply must be a JSON object of this shape. Providers with native structured
   * output (OpenAI `json_schema`, Anthropic forced tool use, Ollama `format`) use it; the reply's
   * `text` is then the JSON text of that object.
   */
  schema?: OutputSchema;
}

/** Token usage as reported by the provider (estimated from characters when it reports none). */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
}

/** What the wrappers learn about a call; providers return {@link EMPTY_STATS}. */
export interface CallStats {
  /** Attempts made (1 when the first attempt answered). */
  attempts: number;
  /** Time from request to reply by the injected clock, retries and waits included (ms). */
  latencyMs: number;
  /** Cost from the price table in USD; 0 when the model has no price. */
  costUsd: number;
  /** True when the reply was served from a cassette rather than the provider. */
  replayed: boolean;
}

export const EMPTY_STATS: CallStats = { attempts: 1, latencyMs: 0, costUsd: 0, replayed: false };

export interface ChatResponse {
  /** Reply text; for native structured output, the JSON text of the structured reply. */
  text: string;
  usage: Usage;
  stats: CallStats;
}

/** Roles that make model calls; `summariser` writes the rolling summary of the game. */
export type CallerRole = 'player' | 'judge' | 'narrator' | 'policy' | 'summariser';

/** Who makes a call and why: used for budgets, accounting and error messages. */
export interface CallMeta {
  /** The seat that pays for the call, or null for officials. */
  playerId: string | null;
  role: CallerRole;
  /** What the call is for: `act`, `defend`, `final_words`, `narrate`, `score`, `verdict`, … */
  purpose: string;
  /** Cancels the call (operator stop, process shutdown). */
  signal?: AbortSignal;
}

/** One chat model behind one spec; wrappers implement it too, so they compose. */
export interface ModelClient {
  /** The model spec this client answers for, e.g. `openai:gpt-4o-mini`. */
  readonly spec: string;
  complete(request: ChatRequest, meta: CallMeta): Promise<ChatResponse>;
}

/** A client wrapper: takes a client and returns one with the same contract. */
export type ClientWrapper = (inner: ModelClient) => ModelClient;

/** Waits `ms` milliseconds; rejects with the signal's reason when it is aborted. Injected in tests. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Time sources for wrappers: the game's clock for measuring, `sleep` for waiting. */
export interface Timing {
  clock: Clock;
  sleep: Sleep;
}
