import { validate } from '@arena/models';
import { z } from 'zod';
import type { ClientWrapper, Timing } from '../llm/types';
import { abortedError } from './abort';

export const RateLimitOptionsSchema = z.strictObject({
  /** Sustained request rate the provider allows. */
  requestsPerMinute: z.number().positive(),
  /** Calls in flight at once. @default unlimited */
  maxConcurrent: z.number().int().positive().optional(),
  /** Requests that may start back to back after a quiet spell. @default 1 */
  burst: z.number().int().positive().optional(),
});
export type RateLimitOptions = z.input<typeof RateLimitOptionsSchema>;

/** Releases a slot taken with {@link RateLimiter.acquire}; calling it again does nothing. */
export type ReleaseSlot = () => void;

/** Paces the calls of one provider; every client of that provider shares one limiter. */
export interface RateLimiter {
  /**
   * Waits, first come first served, for a request token and a free concurrency slot. Rejects
   * with the signal's reason when `signal` aborts while waiting.
   */
  acquire(signal?: AbortSignal): Promise<ReleaseSlot>;
}

interface Waiter {
  grant: (release: ReleaseSlot) => void;
}

/**
 * A token bucket refilled at `requestsPerMinute` by the injected clock, holding at most `burst`
 * tokens, plus an optional cap on calls in flight. Waiters are served in arrival order, so a
 * seat cannot be starved by others asking more often.
 *
 * @example
 * const limiters = new Map(providers.map((p) => [p, createRateLimiter({ requestsPerMinute: 500 }, realTiming)]));
 */
export function createRateLimiter(options: RateLimitOptions, timing: Timing): RateLimiter {
  const settings = validate(RateLimitOptionsSchema, options, 'rate limit options');
  const perToken = 60_000 / settings.requestsPerMinute;
  const capacity = settings.burst ?? 1;
  const maxConcurrent = settings.maxConcurrent ?? Number.POSITIVE_INFINITY;
  const queue: Waiter[] = [];
  let tokens = capacity;
  let refilledAt = timing.clock.now();
  let active = 0;
  let pumping = false;

  const refill = (): void => {
    const now = timing.clock.now();
    tokens = Math.min(capacity, tokens + (now - refilledAt) / perToken);
    refilledAt = now;
  };

  const slot = (): ReleaseSlot => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      active -= 1;
      void pump();
    };
  };

  const pump = async (): Promise<void> => {
    if (pumping) return;
    pumping = true;
    try {
      while (queue.length > 0 && active < maxConcurrent) {
        refill();
        if (tokens >= 1 - 1e-9) {
          const waiter = queue.shift();
          if (!waiter) break;
          tokens = Math.max(0, tokens - 1);
          active += 1;
          waiter.grant(slot());
        } else {
          await timing.sleep(Math.ceil((1 - tokens) * perToken));
        }
      }
    } finally {
      pumping = false;
    }
  };

  return {
    acquire: (signal) =>
      new Promise<ReleaseSlot>((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason);
          return;
        }
        const onAbort = (): void => {
          const index = queue.indexOf(waiter);
          if (index >= 0) queue.splice(index, 1);
          reject(signal?.reason);
        };
        const waiter: Waiter = {
          grant: (release) => {
            signal?.removeEventListener('abort', onAbort);
            resolve(release);
          },
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        queue.push(waiter);
        void pump();
      }),
  };
}

/**
 * Makes each call wait for `limiter` first and hold its slot until the call ends. Cancelling
 * while waiting throws a `ModelCallError` of kind `aborted`.
 *
 * @example
 * const client = withRateLimit(limiters.get('openai'))(provider);
 */
export function withRateLimit(limiter: RateLimiter): ClientWrapper {
  return (inner) => ({
    spec: inner.spec,
    complete: async (request, meta) => {
      let release: ReleaseSlot;
      try {
        release = await limiter.acquire(meta.signal);
      } catch (cause) {
        throw abortedError(inner.spec, meta, cause);
      }
      try {
        return await inner.complete(request, meta);
      } finally {
        release();
      }
    },
  });
}
