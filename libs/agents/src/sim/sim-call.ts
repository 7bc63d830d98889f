import type { ModelCallRecord } from '../model-call';

/**
 * The call record of a simulator answer: no money spent, tokens estimated at four characters
 * each so that budgets and cost reports behave as they would with a real model.
 */
export function simCall(purpose: string, charactersRead: number, written: string): ModelCallRecord {
  return {
    model: 'sim',
    purpose,
    params: { temperature: 0 },
    usage: {
      inputTokens: Math.ceil(charactersRead / 4),
      outputTokens: Math.ceil(written.length / 4),
    },
    costUsd: 0,
    // The simulator is not a model: it spends no model time.
    latencyMs: 0,
  };
}
