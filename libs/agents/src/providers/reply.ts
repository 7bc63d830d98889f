import type { AIMessageChunk } from '@langchain/core/messages';
import type { ChatRequest, Usage } from '../llm/types';

/**
 * The reply text of a model message: for a forced tool call (Anthropic structured output) the
 * JSON of the call's arguments, or the raw arguments when they did not parse; else the text
 * content. Never validated here: a higher layer validates and repairs.
 */
export function replyText(message: AIMessageChunk): string {
  const call = message.tool_calls?.[0];
  if (call !== undefined) return JSON.stringify(call.args);
  const invalid = message.invalid_tool_calls?.[0];
  if (invalid?.args !== undefined && invalid.args !== '') return invalid.args;
  return message.text;
}

/**
 * Token usage as the provider reported it; a side it did not report is estimated as
 * ceil(characters / 4) of the prompt or the reply.
 */
export function replyUsage(message: AIMessageChunk, request: ChatRequest, text: string): Usage {
  const reported = message.usage_metadata;
  const promptChars = request.messages.reduce((sum, m) => sum + m.content.length, 0);
  return {
    inputTokens: positive(reported?.input_tokens) ?? Math.ceil(promptChars / 4),
    outputTokens: positive(reported?.output_tokens) ?? Math.ceil(text.length / 4),
  };
}

function positive(value: number | undefined): number | undefined {
  return value !== undefined && value > 0 ? value : undefined;
}
