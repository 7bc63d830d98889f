/** A scripted {@link ModelClient} for tests: answers from a list and records every request. */
import type { CallMeta, ChatRequest, ChatResponse, ModelClient } from '../llm/types';

/** A scripted answer: reply text, an error to throw, or a function of the request. */
export type ScriptedReply = string | Error | ((request: ChatRequest, meta: CallMeta) => string);

export interface ScriptedClient extends ModelClient {
  /** Every request received, in order. */
  readonly requests: { request: ChatRequest; meta: CallMeta }[];
}

/** Stats every scripted answer reports, so tests can check they are copied into the records. */
export const SCRIPTED_STATS = { attempts: 2, latencyMs: 40, costUsd: 0.002, replayed: false };

export function scriptedClient(
  replies: readonly ScriptedReply[],
  spec = 'openai:test-model',
): ScriptedClient {
  const requests: { request: ChatRequest; meta: CallMeta }[] = [];
  let next = 0;
  return {
    spec,
    requests,
    complete: async (request, meta): Promise<ChatResponse> => {
      requests.push({ request: structuredClone(request), meta });
      const reply = replies[next++];
      if (reply === undefined)
        throw new Error(`scripted client ran out of replies at call ${next}`);
      if (reply instanceof Error) throw reply;
      const text = typeof reply === 'function' ? reply(request, meta) : reply;
      const input = request.messages.reduce((n, m) => n + m.content.length, 0);
      return {
        text,
        usage: { inputTokens: Math.ceil(input / 4), outputTokens: Math.ceil(text.length / 4) },
        stats: { ...SCRIPTED_STATS },
      };
    },
  };
}
