import { hashString } from '@arena/models';
import { z } from 'zod';
import { isModelCallError, type ModelCallError } from '../llm/errors';
import type { CallMeta, ClientWrapper, Timing } from '../llm/types';
import { abortedError } from './abort';

/** How failed calls are retried; every field has a default. */
export const RetryPolicySchema = z.strictObject({
  /** Retries after the first attempt. @default 3 */
  maxRetries: z.number().int().min(0).default(3),
  /** Wait before the first retry; doubles on each further retry. @default 500 */
  baseDelayMs: z.number().min(0).default(500),
  /** Cap on the exponential wait (before `Retry-After` is considered). @default 20000 */
  maxDelayMs: z.number().min(0).default(20_000),
  /** Spread of the wait, as a fraction of it: 0.2 waits between 80% and 120%. @default 0.2 */
  jitter: z.number().min(0).max(1).default(0.2),
  /** Longest server-requested wait honoured; a longer `Retry-After` gives up. @default 60000 */
  maxRetryAfterMs: z.number().min(0).default(60_000),
});
export type RetryPolicy = z.output<typeof RetryPolicySchema>;

export const DEFAULT_RETRY_POLICY: RetryPolicy = RetryPolicySchema.parse({});

/**
 * Retries calls that failed with a retriable `ModelCallError` (timeout, rate limit, server,
 * network) after an exponential, deterministically jittered wait; honours `Retry-After`.
 * Anything else (budget errors, `aborted`, `auth`, `bad_request`, `cassette_miss`, …) is
 * rethrown at once. Sets `stats.attempts` on the reply, or on the error that ends the call.
 *
 * @example
 * const client = withRetry(DEFAULT_RETRY_POLICY, realTiming)(provider);
 */
export function withRetry(policy: RetryPolicy, timing: Timing): ClientWrapper {
  return (inner) => ({
    spec: inner.spec,
    complete: async (request, meta) => {
      for (let attempt = 1; ; attempt++) {
        try {
          const response = await inner.complete(request, meta);
          return { ...response, stats: { ...response.stats, attempts: attempt } };
        } catch (error) {
          if (!isModelCallError(error)) throw error;
          error.stats = { ...error.stats, attempts: attempt };
          const wait = retryWait(policy, error, attempt, jitterKey(inner.spec, meta));
          if (wait === null) throw error;
          try {
            await timing.sleep(wait, meta.signal);
          } catch (cause) {
            throw abortedError(inner.spec, meta, cause, { attempts: attempt });
          }
        }
      }
    },
  });
}

/** Milliseconds to wait before retry number `retry` (1-based), or null to give up. */
function retryWait(
  policy: RetryPolicy,
  error: ModelCallError,
  retry: number,
  key: string,
): number | null {
  if (!error.retriable || retry > policy.maxRetries) return null;
  const asked = error.retryAfterMs ?? 0;
  if (asked > policy.maxRetryAfterMs) return null;
  return Math.max(backoff(policy, retry, key), asked);
}

function backoff(policy: RetryPolicy, retry: number, key: string): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  const unit = hashString(`${key}|${retry}`) / 2 ** 32;
  const factor = 1 + policy.jitter * (2 * unit - 1);
  return Math.min(policy.maxDelayMs, Math.round(exponential * factor));
}

/** Calls to one spec made for different seats or purposes spread their retries differently. */
function jitterKey(spec: string, meta: CallMeta): string {
  return `${spec}|${meta.role}|${meta.playerId ?? '-'}|${meta.purpose}`;
}
