import { systemClock } from '@arena/models';
import type { Clock } from '@arena/models';
import { AIMessage, HumanMessage, SystemMessage } from '@langchain/core/messages';
import type { AIMessageChunk, BaseMessage } from '@langchain/core/messages';
import { ModelCallError } from '../llm/errors';
import { EMPTY_STATS } from '../llm/types';
import type { CallMeta, ChatMessage, ChatRequest, ChatResponse, ModelClient } from '../llm/types';
import { toModelCallError } from './call-failure';
import type { CallFailureContext } from './call-failure';
import { buildChatModel } from './chat-models';
import type { ChatRunnable } from './chat-models';
import { assertProvidersConfigured } from './configured';
import { invalidModelSpec } from './errors';
import { parseModelSpec } from './parse-spec';
import { replyText, replyUsage } from './reply';
import type { ProviderSettings } from './types';

/** How a provider client talks to its model. */
export interface ProviderClientOptions {
  /** Ask for a streamed reply and concatenate the chunks. @default false */
  streaming?: boolean;
  /** Turns a `Retry-After` date into a wait. @default systemClock */
  clock?: Clock;
}

/**
 * A {@link ModelClient} for a provider spec, driving the real LangChain classes (`ChatOpenAI`,
 * `ChatAnthropic`, `ChatOllama`). It makes exactly one attempt per call — LangChain's retries
 * are off, the wrappers retry — and every failure is a {@link ModelCallError} whose `kind` says
 * whether retrying may help. Structured requests use each provider's native mechanism; the
 * reply text is returned unvalidated.
 *
 * @throws ArenaError `AGENTS_INVALID_MODEL_SPEC` for a malformed spec or `sim` (which is not a
 * provider), `AGENTS_PROVIDER_NOT_CONFIGURED` when a required API key is missing.
 * @example
 * const client = createProviderClient('openai:gpt-4o-mini', { openai: { apiKey } });
 * const { text, usage } = await client.complete(
 *   { messages: [{ role: 'user', content: 'Say hi' }], params: { temperature: 0.7, maxTokens: 50 } },
 *   { playerId: 'P1', role: 'player', purpose: 'act' },
 * );
 */
export function createProviderClient(
  spec: string,
  settings: ProviderSettings,
  options: ProviderClientOptions = {},
): ModelClient {
  const parsed = parseModelSpec(spec);
  if (parsed.provider === 'sim') {
    throw invalidModelSpec(spec, 'it names the built-in simulator, which is not a provider model');
  }
  assertProvidersConfigured([spec], settings);
  const streaming = options.streaming ?? false;
  const clock = options.clock ?? systemClock;

  return {
    spec,
    async complete(request: ChatRequest, meta: CallMeta): Promise<ChatResponse> {
      const failure: CallFailureContext = {
        spec,
        signal: meta.signal,
        streamStarted: false,
        clock,
      };
      const fetchForCall = observedFetch(meta.signal, failure);
      try {
        const model = buildChatModel({ parsed, settings, request, fetch: fetchForCall });
        const messages = request.messages.map(toLangChainMessage);
        const message = streaming
          ? await streamReply(model, messages, meta.signal, failure)
          : await model.invoke(messages, { signal: meta.signal });
        return toResponse(spec, request, message);
      } catch (error) {
        throw toModelCallError(error, failure);
      }
    },
  };
}

function toLangChainMessage(message: ChatMessage): BaseMessage {
  switch (message.role) {
    case 'system':
      return new SystemMessage(message.content);
    case 'user':
      return new HumanMessage(message.content);
    case 'assistant':
      return new AIMessage(message.content);
  }
}

async function streamReply(
  model: ChatRunnable,
  messages: BaseMessage[],
  signal: AbortSignal | undefined,
  failure: CallFailureContext,
): Promise<AIMessageChunk | undefined> {
  let merged: AIMessageChunk | undefined;
  for await (const chunk of await model.stream(messages, { signal })) {
    failure.streamStarted = true;
    merged = merged === undefined ? chunk : merged.concat(chunk);
  }
  return merged;
}

function toResponse(
  spec: string,
  request: ChatRequest,
  message: AIMessageChunk | undefined,
): ChatResponse {
  const text = message === undefined ? '' : replyText(message);
  if (message === undefined || text.trim() === '') {
    throw new ModelCallError(`${spec}: the model returned an empty reply`, {
      kind: 'empty_reply',
      spec,
    });
  }
  return { text, usage: replyUsage(message, request, text), stats: { ...EMPTY_STATS } };
}

/**
 * A fetch bound to the call: it carries the caller's signal (Ollama's client takes none per call)
 * and records the last response's status and headers (Ollama's errors carry no headers).
 */
function observedFetch(signal: AbortSignal | undefined, failure: CallFailureContext): typeof fetch {
  return async (input, init) => {
    const signals = [init?.signal, signal].filter(
      (s): s is AbortSignal => s !== undefined && s !== null,
    );
    const combined = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
    const response = await fetch(input, { ...init, signal: combined });
    failure.response = { status: response.status, headers: response.headers };
    return response;
  };
}
