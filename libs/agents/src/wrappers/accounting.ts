import type { Clock } from '@arena/models';
import { z } from 'zod';
import { isModelCallError } from '../llm/errors';
import type { ClientWrapper, Usage } from '../llm/types';

export const ModelPriceSchema = z.strictObject({
  /** USD per million input tokens. */
  inputPerMTok: z.number().min(0),
  /** USD per million output tokens. */
  outputPerMTok: z.number().min(0),
});
export type ModelPrice = z.infer<typeof ModelPriceSchema>;

/**
 * Prices by model: keys are exact specs (`openai:gpt-4o-mini`) or prefix patterns ending in `*`
 * (`anthropic:*`, or `*` for every model).
 */
export const PriceTableSchema = z.record(
  z
    .string()
    .regex(/^[^*]*\*?$/, 'a spec, or a spec prefix followed by a single trailing "*"')
    .min(1),
  ModelPriceSchema,
);
export type PriceTable = z.infer<typeof PriceTableSchema>;

/**
 * The USD cost of `usage` on `spec`: the exact entry wins, then the longest matching `*`
 * pattern; a model without a price costs 0.
 *
 * @example
 * costOf('openai:gpt-4o-mini', { inputTokens: 1000, outputTokens: 200 }, prices);
 */
export function costOf(spec: string, usage: Usage, table: PriceTable): number {
  const price = priceOf(spec, table);
  if (!price) return 0;
  return (usage.inputTokens * price.inputPerMTok + usage.outputTokens * price.outputPerMTok) / 1e6;
}

function priceOf(spec: string, table: PriceTable): ModelPrice | undefined {
  const exact = table[spec];
  if (exact) return exact;
  let best: { length: number; price: ModelPrice } | undefined;
  for (const [pattern, price] of Object.entries(table)) {
    if (!pattern.endsWith('*')) continue;
    const prefix = pattern.slice(0, -1);
    if (spec.startsWith(prefix) && (!best || prefix.length > best.length)) {
      best = { length: prefix.length, price };
    }
  }
  return best?.price;
}

export interface AccountingOptions {
  prices: PriceTable;
  /** Measures latency; the game's injected clock. */
  clock: Clock;
}

/**
 * Sets `stats.costUsd` (from the price table) and `stats.latencyMs` (by the injected clock, all
 * retries and waits inside it included) on each reply, and `latencyMs` on a failed call's error.
 *
 * @example
 * const client = withAccounting({ prices, clock })(withRetry(policy, timing)(provider));
 */
export function withAccounting(options: AccountingOptions): ClientWrapper {
  const { prices, clock } = options;
  return (inner) => ({
    spec: inner.spec,
    complete: async (request, meta) => {
      const started = clock.now();
      try {
        const response = await inner.complete(request, meta);
        const stats = {
          ...response.stats,
          costUsd: costOf(inner.spec, response.usage, prices),
          latencyMs: clock.now() - started,
        };
        return { ...response, stats };
      } catch (error) {
        if (isModelCallError(error)) {
          error.stats = { ...error.stats, latencyMs: clock.now() - started };
        }
        throw error;
      }
    },
  });
}
