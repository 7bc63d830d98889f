import { ChatAnthropic } from '@langchain/anthropic';
import type { AIMessageChunk, BaseMessage } from '@langchain/core/messages';
import type { Runnable } from '@langchain/core/runnables';
import { ChatOllama } from '@langchain/ollama';
import { ChatOpenAI, ChatOpenAICompletions } from '@langchain/openai';
import type { ChatRequest, OutputSchema } from '../llm/types';
import { apiKeyFor } from './configured';
import { baseUrlFor } from './endpoints';
import type { ProviderSpec } from './endpoints';
import type { ProviderSettings } from './types';

/** A LangChain chat model configured for one request: messages in, one AI message out. */
export type ChatRunnable = Runnable<BaseMessage[], AIMessageChunk>;

/** Everything needed to build the LangChain model for one request. */
export interface ChatModelInput {
  parsed: ProviderSpec;
  settings: ProviderSettings;
  request: ChatRequest;
  /** The fetch used by clients that take no per-call signal (Ollama), bound to the call's signal. */
  fetch: typeof fetch;
}

/**
 * Builds the LangChain chat model for one request, with LangChain's own retries off (the
 * wrappers retry), the request's sampling parameters, and native structured output when the
 * request carries a schema: OpenAI `response_format: json_schema`, Anthropic forced tool use,
 * Ollama `format`.
 */
export function buildChatModel(input: ChatModelInput): ChatRunnable {
  switch (input.parsed.provider) {
    case 'openai':
    case 'openai-compatible':
      return openAiModel(input);
    case 'anthropic':
      return anthropicModel(input);
    case 'ollama':
      return ollamaModel(input);
  }
}

function openAiModel({ parsed, settings, request }: ChatModelInput): ChatRunnable {
  const fields = {
    model: parsed.model,
    apiKey: apiKeyFor(parsed, settings),
    configuration: { baseURL: baseUrlFor(parsed, settings) },
    maxRetries: 0,
    temperature: request.params.temperature,
    maxTokens: request.params.maxTokens,
    streamUsage: true,
  };
  // Compatible servers (vLLM, llama.cpp, LM Studio…) speak only the chat completions API.
  const model =
    parsed.provider === 'openai-compatible'
      ? new ChatOpenAICompletions(fields)
      : new ChatOpenAI(fields);
  if (request.schema === undefined) return model;
  return model.withConfig({ response_format: jsonSchemaFormat(request.schema) });
}

function jsonSchemaFormat(schema: OutputSchema) {
  const format = {
    type: 'json_schema' as const,
    json_schema: {
      name: schema.name,
      description: schema.description,
      schema: schema.jsonSchema,
      strict: false,
    },
  };
  // The openai SDK JSON-parses `json_schema` replies itself and throws on malformed JSON, losing
  // the text. Its parser defers to a `$parseRaw` hook when the format has one; keeping the raw
  // text lets a higher layer validate and repair it. Not enumerable, so it is never sent.
  return Object.defineProperty(format, '$parseRaw', {
    value: (content: string) => content,
    enumerable: false,
  });
}

function anthropicModel({ parsed, settings, request }: ChatModelInput): ChatRunnable {
  const model = new ChatAnthropic({
    model: parsed.model,
    apiKey: apiKeyFor(parsed, settings),
    anthropicApiUrl: baseUrlFor(parsed, settings),
    maxRetries: 0,
    temperature: request.params.temperature,
    maxTokens: request.params.maxTokens,
  });
  const { schema } = request;
  if (schema === undefined) return model;
  const tool = {
    name: schema.name,
    description: schema.description,
    input_schema: { ...schema.jsonSchema, type: 'object' as const },
  };
  return model.bindTools([tool], { tool_choice: { type: 'tool', name: schema.name } });
}

function ollamaModel({ parsed, settings, request, fetch }: ChatModelInput): ChatRunnable {
  const model = new ChatOllama({
    model: parsed.model,
    baseUrl: baseUrlFor(parsed, settings),
    fetch,
    maxRetries: 0,
    temperature: request.params.temperature,
    numPredict: request.params.maxTokens,
  });
  if (request.schema === undefined) return model;
  return model.withConfig({ format: request.schema.jsonSchema });
}
