import { describe, expect, it } from 'vitest';
import { costOf, PriceTableSchema, withAccounting, type PriceTable } from './accounting';
import { callMeta, chatRequest, fakeClient, modelError, modelFailure } from './fake-client.fixture';
import { manualTiming } from './manual-timing.fixture';

const openaiDefault = { inputPerMTok: 5, outputPerMTok: 15 };
const prices: PriceTable = {
  'openai:gpt-4o-mini': { inputPerMTok: 0.15, outputPerMTok: 0.6 },
  'openai:*': openaiDefault,
  'openai:gpt-4o*': { inputPerMTok: 2.5, outputPerMTok: 10 },
  '*': { inputPerMTok: 1, outputPerMTok: 1 },
};
const usage = { inputTokens: 1_000_000, outputTokens: 100_000 };

describe('costOf', () => {
  it('uses the exact entry first', () => {
    expect(costOf('openai:gpt-4o-mini', usage, prices)).toBeCloseTo(0.21, 9);
  });

  it('falls back to the longest matching prefix pattern', () => {
    expect(costOf('openai:gpt-4o-2024-08-06', usage, prices)).toBeCloseTo(3.5, 9);
    expect(costOf('openai:o3', usage, prices)).toBeCloseTo(6.5, 9);
    expect(costOf('ollama:llama3', usage, prices)).toBeCloseTo(1.1, 9);
  });

  it('costs nothing for a model without a price', () => {
    expect(costOf('anthropic:claude', usage, { 'openai:*': openaiDefault })).toBe(0);
  });
});

describe('PriceTableSchema', () => {
  it('accepts specs and trailing-star patterns', () => {
    expect(PriceTableSchema.parse(prices)).toEqual(prices);
  });

  it.each([
    [{ 'open*ai': { inputPerMTok: 1, outputPerMTok: 1 } }],
    [{ 'openai:*': { inputPerMTok: -1, outputPerMTok: 1 } }],
    [{ 'openai:*': { inputPerMTok: 1 } }],
  ])('rejects %j', (table) => {
    expect(PriceTableSchema.safeParse(table).success).toBe(false);
  });
});

describe('withAccounting', () => {
  it('sets the cost and the latency measured by the injected clock', async () => {
    const timing = manualTiming();
    const provider = fakeClient(
      [{ reply: 'ok', usage: { inputTokens: 2000, outputTokens: 500 }, afterMs: 1200 }],
      { spec: 'openai:gpt-4o-mini', timing },
    );
    const client = withAccounting({ prices, clock: timing.clock })(provider);

    const response = await client.complete(chatRequest(), callMeta());

    expect(response.stats.latencyMs).toBe(1200);
    expect(response.stats.costUsd).toBeCloseTo(0.0006, 12);
    expect(response.stats.attempts).toBe(1);
  });

  it('sets the latency on a failed call', async () => {
    const timing = manualTiming();
    const provider = fakeClient([{ error: modelError('server'), afterMs: 250 }], { timing });
    const client = withAccounting({ prices, clock: timing.clock })(provider);

    const error = await modelFailure(client.complete(chatRequest(), callMeta()));

    expect(error.stats.latencyMs).toBe(250);
    expect(error.stats.costUsd).toBe(0);
  });
});
