import { systemClock, type Clock } from '@arena/models';
import type { Embeddings } from '@langchain/core/embeddings';
import { OllamaEmbeddings } from '@langchain/ollama';
import { OpenAIEmbeddings } from '@langchain/openai';
import { ModelCallError } from '../llm/errors';
import { EMPTY_STATS } from '../llm/types';
import type { CallMeta, ChatRequest, ChatResponse, ModelClient } from '../llm/types';
import { toModelCallError, type CallFailureContext } from '../providers/call-failure';
import { apiKeyFor, assertProvidersConfigured } from '../providers/configured';
import { baseUrlFor } from '../providers/endpoints';
import type { ProviderSettings } from '../providers/types';
import { parseEmbeddingSpec, type EmbeddingSpec } from './embedding-spec';

/**
 * The request an embedding call is sent as through the client wrappers: one user message per
 * text, in order. Sampling parameters do not apply; they are fixed so cassette keys are stable.
 */
export function embeddingRequest(texts: readonly string[]): ChatRequest {
  return {
    messages: texts.map((content) => ({ role: 'user', content })),
    params: { temperature: 0, maxTokens: 0 },
  };
}

/** Token counts a provider reported in an embeddings response body, if any. */
interface Reported {
  inputTokens?: number;
}

/**
 * A {@link ModelClient} that embeds instead of chatting, so that the same wrappers (timeout,
 * retry, rate limit, accounting, cassette, budget) apply to embedding calls: each message of the
 * request is a text to embed, and the reply's `text` is the JSON array of their vectors. Drives
 * LangChain's `OpenAIEmbeddings` (OpenAI and compatible servers) and `OllamaEmbeddings`, with
 * LangChain's retries off. Usage is what the provider reported (OpenAI `usage.prompt_tokens`,
 * Ollama `prompt_eval_count`), else ceil(characters / 4) of the texts.
 *
 * @throws ArenaError `AGENTS_INVALID_EMBEDDING_SPEC` for a spec without embeddings,
 * `AGENTS_PROVIDER_NOT_CONFIGURED` when a required API key is missing.
 */
export function createEmbeddingTransport(
  spec: string,
  settings: ProviderSettings,
  options: { clock?: Clock } = {},
): ModelClient {
  const parsed = parseEmbeddingSpec(spec);
  assertProvidersConfigured([spec], settings);
  const clock = options.clock ?? systemClock;
  return {
    spec,
    async complete(request: ChatRequest, meta: CallMeta): Promise<ChatResponse> {
      const texts = request.messages.map((m) => m.content);
      const failure: CallFailureContext = {
        spec,
        signal: meta.signal,
        streamStarted: false,
        clock,
      };
      const reported: Reported = {};
      try {
        const model = buildEmbeddings(
          parsed,
          settings,
          observedFetch(meta.signal, failure, reported),
        );
        const vectors = await model.embedDocuments(texts);
        if (vectors.length === 0) {
          throw new ModelCallError(`${spec}: the model returned no embeddings`, {
            kind: 'empty_reply',
            spec,
          });
        }
        const characters = texts.reduce((sum, t) => sum + t.length, 0);
        return {
          text: JSON.stringify(vectors),
          usage: {
            inputTokens: reported.inputTokens ?? Math.ceil(characters / 4),
            outputTokens: 0,
          },
          stats: { ...EMPTY_STATS },
        };
      } catch (error) {
        throw toModelCallError(error, failure);
      }
    },
  };
}

function buildEmbeddings(
  parsed: EmbeddingSpec,
  settings: ProviderSettings,
  fetchForCall: typeof fetch,
): Embeddings {
  if (parsed.provider === 'ollama') {
    return new OllamaEmbeddings({
      model: parsed.model,
      baseUrl: baseUrlFor(parsed, settings),
      fetch: fetchForCall,
      maxRetries: 0,
    });
  }
  return new OpenAIEmbeddings({
    model: parsed.model,
    apiKey: apiKeyFor(parsed, settings),
    configuration: { baseURL: baseUrlFor(parsed, settings), fetch: fetchForCall },
    maxRetries: 0,
    // Texts are embedded as written: a newline can separate claims.
    stripNewLines: false,
  });
}

/**
 * A fetch bound to the call: it carries the caller's signal (neither class takes one per call),
 * records the last response's status and headers for error mapping, and reads the token count
 * the provider reported from a successful response's body.
 */
function observedFetch(
  signal: AbortSignal | undefined,
  failure: CallFailureContext,
  reported: Reported,
): typeof fetch {
  return async (input, init) => {
    const signals = [init?.signal, signal].filter(
      (s): s is AbortSignal => s !== undefined && s !== null,
    );
    const combined = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
    const response = await fetch(input, { ...init, signal: combined });
    failure.response = { status: response.status, headers: response.headers };
    if (response.ok) {
      const tokens = reportedTokens(
        await response
          .clone()
          .json()
          .catch(() => null),
      );
      if (tokens !== undefined) reported.inputTokens = tokens;
    }
    return response;
  };
}

function reportedTokens(body: unknown): number | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as { usage?: { prompt_tokens?: unknown }; prompt_eval_count?: unknown };
  const value = record.usage?.prompt_tokens ?? record.prompt_eval_count;
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}
