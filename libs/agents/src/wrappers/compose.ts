import type { ClientWrapper, ModelClient, Timing } from '../llm/types';
import { withAccounting, type PriceTable } from './accounting';
import { withBudget, type BudgetLedger } from './budget';
import { withCassette, type Cassette } from './cassette';
import { withRateLimit, type RateLimiter } from './rate-limit';
import { withRetry, type RetryPolicy } from './retry';
import { withTimeout } from './timeout';

/** Everything a provider client is wrapped with; optional parts are left out when absent. */
export interface ClientParts {
  timing: Timing;
  /** Longest wait for one attempt (ms). */
  timeoutMs: number;
  retry: RetryPolicy;
  /** Shared by every client of the same provider. */
  limiter?: RateLimiter;
  ledger?: BudgetLedger;
  prices: PriceTable;
  cassette?: Cassette;
}

/**
 * Wraps a provider client, outermost first: budget → cassette → accounting → retry → rate
 * limit → timeout → provider. The cassette sits outside accounting and retry, so a replay
 * returns the final outcome with its recorded attempts, latency and cost and never needs the
 * network; the budget sits outside the cassette, so a replayed game spends what the recorded
 * one did.
 *
 * @example
 * const client = composeClient(openaiClient, {
 *   timing: realTiming, timeoutMs: 60_000, retry: DEFAULT_RETRY_POLICY,
 *   limiter: limiters.get('openai'), ledger, prices, cassette,
 * });
 */
export function composeClient(provider: ModelClient, parts: ClientParts): ModelClient {
  const outermostFirst: Array<ClientWrapper | undefined> = [
    parts.ledger && withBudget(parts.ledger),
    parts.cassette && withCassette(parts.cassette),
    withAccounting({ prices: parts.prices, clock: parts.timing.clock }),
    withRetry(parts.retry, parts.timing),
    parts.limiter && withRateLimit(parts.limiter),
    withTimeout({ ms: parts.timeoutMs }, parts.timing),
  ];
  return outermostFirst.reduceRight<ModelClient>(
    (inner, wrap) => (wrap ? wrap(inner) : inner),
    provider,
  );
}
