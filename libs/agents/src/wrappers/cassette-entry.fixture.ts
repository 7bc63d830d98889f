import type { CassetteEntry } from './cassette';

/** A recorded reply `text` under a key made of `keyDigit` repeated (valid sha256 shape). */
export function cassetteEntry(text: string, keyDigit = '0'): CassetteEntry {
  return {
    key: keyDigit.repeat(64),
    spec: 'fake:model',
    purpose: 'act',
    response: { text, usage: { inputTokens: 1, outputTokens: 1 } },
    stats: { attempts: 1, latencyMs: 10, costUsd: 0 },
  };
}
