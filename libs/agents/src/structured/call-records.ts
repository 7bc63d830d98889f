import type { ModelCallError } from '../llm/errors';
import type { CallMeta, CallParams, ChatResponse } from '../llm/types';
import type { ModelCallRecord } from '../model-call';

/** The record of a call that answered; `invalid` says why its reply could not be used. */
export function answeredCall(
  spec: string,
  meta: CallMeta,
  params: CallParams,
  response: ChatResponse,
  invalid?: string,
): ModelCallRecord {
  const { stats } = response;
  return {
    model: spec,
    purpose: meta.purpose,
    params: { ...params },
    usage: { ...response.usage },
    costUsd: stats.costUsd,
    latencyMs: stats.latencyMs,
    attempts: stats.attempts,
    replayed: stats.replayed,
    ...(invalid === undefined
      ? {}
      : { error: { kind: 'invalid_output' as const, message: invalid } }),
  };
}

/** The record of a call that produced no reply after the retry policy. */
export function failedCall(
  spec: string,
  meta: CallMeta,
  params: CallParams,
  error: ModelCallError,
): ModelCallRecord {
  const { stats } = error;
  return {
    model: spec,
    purpose: meta.purpose,
    params: { ...params },
    usage: { inputTokens: 0, outputTokens: 0 },
    costUsd: stats.costUsd,
    latencyMs: stats.latencyMs,
    attempts: stats.attempts,
    replayed: stats.replayed,
    error: { kind: error.kind, message: error.message },
  };
}
