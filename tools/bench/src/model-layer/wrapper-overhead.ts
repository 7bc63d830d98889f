import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  BudgetLedger,
  DEFAULT_RETRY_POLICY,
  EMPTY_STATS,
  composeClient,
  createRateLimiter,
  openFileCassette,
  realTiming,
  type CallMeta,
  type ChatRequest,
  type ModelClient,
} from '@arena/agents';
import { spreadOf, type Spread } from './spread';

/** Time per call of the fully wrapped client against the bare provider. */
export interface WrapperOverheadResult {
  calls: number;
  warmup: number;
  /** Characters of each request's messages. */
  promptChars: number;
  bare: Spread;
  wrapped: Spread;
  /** `wrapped.median - bare.median` (ms); the target is at most 1 ms. */
  medianOverheadMs: number;
}

/** Most time the wrappers may add to a call (ms, medians). */
export const WRAPPER_OVERHEAD_TARGET_MS = 1;

/** A player's prompt at the default budget: 3,000 tokens of about 4 characters. */
const PROMPT_CHARS = 12_000;
const SYSTEM = 'You are seat P1 in a survival debate. '.repeat(50);
const TRANSCRIPT = '[M12] P3 proposes a metered pilot in two districts within 30 days. '.repeat(
  Math.ceil((PROMPT_CHARS - SYSTEM.length) / 68),
);
const META: CallMeta = { playerId: 'P1', role: 'player', purpose: 'act' };
const SCHEMA = {
  name: 'player_action',
  description: 'The action the player takes this turn.',
  jsonSchema: {
    type: 'object',
    properties: { action: { type: 'string' }, text: { type: 'string' } },
    required: ['action', 'text'],
  },
};
const REPLY = JSON.stringify({ action: 'contribute', text: 'A metered pilot, reviewed weekly.' });

/** Each call asks something new, as a game does, so the cassette records every one. */
function requestFor(i: number): ChatRequest {
  return {
    messages: [
      { role: 'system', content: SYSTEM },
      { role: 'user', content: `${TRANSCRIPT}\nTurn ${i}: your move.` },
    ],
    params: { temperature: 0.8, maxTokens: 400 },
    schema: SCHEMA,
  };
}

/** A provider that answers at once, so only the wrappers' own time is left to measure. */
const instant: ModelClient = {
  spec: 'openai:gpt-4o-mini',
  complete: async () => ({
    text: REPLY,
    usage: { inputTokens: PROMPT_CHARS / 4, outputTokens: 12 },
    stats: EMPTY_STATS,
  }),
};

/** Wall time of each of `count` sequential calls, starting at request number `from`. */
async function timeCalls(client: ModelClient, from: number, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = from; i < from + count; i++) {
    const request = requestFor(i);
    const start = performance.now();
    await client.complete(request, META);
    times.push(performance.now() - start);
  }
  return times;
}

/**
 * Times `calls` calls through every wrapper (budget, file cassette recording, accounting, retry,
 * a rate limit that never binds, timeout) over an instant in-process provider, and as many
 * calls to the bare provider, in alternating blocks after a warm-up, so the wrappers' cost per
 * call shows against a real model's latency.
 *
 * @example
 * const result = await measureWrapperOverhead({ calls: 20_000, warmup: 2_000 });
 * result.medianOverheadMs <= WRAPPER_OVERHEAD_TARGET_MS;
 */
export async function measureWrapperOverhead(options: {
  calls: number;
  warmup: number;
}): Promise<WrapperOverheadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'arena-bench-'));
  const cassette = openFileCassette(join(dir, 'calls.jsonl'), 'record');
  try {
    const wrapped = composeClient(instant, {
      timing: realTiming,
      timeoutMs: 60_000,
      retry: DEFAULT_RETRY_POLICY,
      limiter: createRateLimiter({ requestsPerMinute: 1e9, burst: 100_000 }, realTiming),
      ledger: new BudgetLedger({
        game: { tokens: Number.MAX_SAFE_INTEGER, usd: 1e12 },
        seat: { tokens: Number.MAX_SAFE_INTEGER, usd: 1e12 },
        elapsedMs: () => 0,
      }),
      prices: { 'openai:*': { inputPerMTok: 0.15, outputPerMTok: 0.6 } },
      cassette,
    });
    await timeCalls(instant, 0, options.warmup);
    await timeCalls(wrapped, 0, options.warmup);
    const block = 500;
    const bare: number[] = [];
    const full: number[] = [];
    for (let done = 0; done < options.calls; done += block) {
      const count = Math.min(block, options.calls - done);
      const from = options.warmup + done;
      bare.push(...(await timeCalls(instant, from, count)));
      full.push(...(await timeCalls(wrapped, from, count)));
    }
    const bareSpread = spreadOf(bare);
    const wrappedSpread = spreadOf(full);
    return {
      calls: options.calls,
      warmup: options.warmup,
      promptChars: SYSTEM.length + TRANSCRIPT.length,
      bare: bareSpread,
      wrapped: wrappedSpread,
      medianOverheadMs: wrappedSpread.median - bareSpread.median,
    };
  } finally {
    await cassette.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
