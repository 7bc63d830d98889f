import {
  PriceTableSchema,
  createModelRuntime,
  openFileCassette,
  type Cassette,
  type ModelClient,
  type ModelRuntime,
  type PriceTable,
  type ProviderSettings,
  type Timing,
} from '@arena/agents';
import { parseYamlDocument, safeValidate } from '@arena/models';
import { readContentFile } from './catalog';
import type { ArenaSettings } from './settings';

/** Model specs used where a game config names none. */
export interface ModelDefaults {
  seat: string;
  judge: string[];
  narrator: string;
  /** @default the narrator's model */
  summariser?: string;
  /** Places bids under the `bidding` policy. @default each seat's own model */
  bidder?: string;
}

/** A process's model layer: the runtime, the defaults for new games, and what to close. */
export interface ModelSetup {
  runtime: ModelRuntime;
  defaults: ModelDefaults;
  providers: ProviderSettings;
  cassette?: Cassette;
  close(): Promise<void>;
}

export function providerSettings(settings: ArenaSettings): ProviderSettings {
  return {
    openai: { apiKey: settings.OPENAI_API_KEY, baseUrl: settings.OPENAI_BASE_URL },
    anthropic: { apiKey: settings.ANTHROPIC_API_KEY, baseUrl: settings.ANTHROPIC_BASE_URL },
    ollama: { baseUrl: settings.OLLAMA_BASE_URL },
    openaiCompatible: { apiKey: settings.OPENAI_COMPATIBLE_API_KEY },
  };
}

export function modelDefaults(settings: ArenaSettings): ModelDefaults {
  return {
    seat: settings.ARENA_MODEL,
    judge: settings.ARENA_JUDGE_MODELS,
    narrator: settings.ARENA_NARRATOR_MODEL,
    summariser: settings.ARENA_SUMMARISER_MODEL,
    bidder: settings.ARENA_BIDDER_MODEL,
  };
}

/** Read a YAML or JSON price table; errors name the file and the field path. */
export function readPriceTable(path: string): PriceTable {
  return readContentFile(path, (text, source) => {
    const doc = parseYamlDocument(text, source);
    return doc.ok ? safeValidate(PriceTableSchema, doc.value, 'price table', source) : doc;
  });
}

/**
 * Build the model layer from settings: provider keys and endpoints, the price table, retry,
 * timeout and rate limits, the cassette (`ARENA_CASSETTE`, `ARENA_CASSETTE_MODE`) and the
 * embedder (`ARENA_EMBEDDINGS`).
 *
 * @example
 * const models = openModelSetup(parseSettings(process.env));
 * models.runtime.check(['openai:gpt-4o-mini']);
 */
export function openModelSetup(
  settings: ArenaSettings,
  options: {
    /** Overrides `ARENA_CASSETTE_MODE` (the CLI's `--replay`). */
    cassetteMode?: Cassette['mode'];
    timing?: Timing;
    decorate?: (client: ModelClient) => ModelClient;
  } = {},
): ModelSetup {
  const providers = providerSettings(settings);
  const prices = settings.ARENA_PRICES ? readPriceTable(settings.ARENA_PRICES) : {};
  const cassette = settings.ARENA_CASSETTE
    ? openFileCassette(
        settings.ARENA_CASSETTE,
        options.cassetteMode ?? settings.ARENA_CASSETTE_MODE,
      )
    : undefined;
  const rateLimits = Object.fromEntries(
    Object.entries(settings.ARENA_RATE_LIMITS ?? {}).map(([p, rpm]) => [
      p,
      { requestsPerMinute: rpm },
    ]),
  );
  const runtime = createModelRuntime({
    providers,
    prices,
    retry: { maxRetries: settings.ARENA_MODEL_MAX_RETRIES },
    timeoutMs: settings.ARENA_MODEL_TIMEOUT_MS,
    rateLimits,
    cassette,
    streaming: settings.ARENA_STREAMING,
    timing: options.timing,
    decorate: options.decorate,
    embeddings: settings.ARENA_EMBEDDINGS,
  });
  return {
    runtime,
    defaults: modelDefaults(settings),
    providers,
    cassette,
    close: async () => {
      await cassette?.close();
    },
  };
}
