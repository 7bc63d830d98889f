import { z } from 'zod';

/**
 * How a subscription retries a failing handler, as data (settings, CLI flags and tests build it
 * the same way). The delay before attempt n+1 is `initialDelayMs * multiplier^(n-1)`, capped at
 * `maxDelayMs`.
 */
export const RetryPolicySchema = z
  .object({
    /** Handler runs per message, the first included. */
    maxAttempts: z.number().int().min(1).max(100).default(3),
    initialDelayMs: z.number().int().min(0).max(600_000).default(100),
    maxDelayMs: z.number().int().min(0).max(600_000).default(5000),
    multiplier: z.number().min(1).max(10).default(2),
    /** Error codes worth another attempt even when the error does not say `retriable`. */
    retriableCodes: z.array(z.string().min(1)).default([]),
    /** Error codes that go to the dead letters at once. */
    nonRetriableCodes: z.array(z.string().min(1)).default([]),
  })
  .refine((policy) => policy.maxDelayMs >= policy.initialDelayMs, {
    path: ['maxDelayMs'],
    message: 'must be at least initialDelayMs',
  });
export type RetryPolicy = z.infer<typeof RetryPolicySchema>;

/** Three attempts, 100 ms then 200 ms apart. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze(RetryPolicySchema.parse({}));

/**
 * Whether a handler error deserves another attempt: never when its `code` is in
 * `nonRetriableCodes`; yes when its code is in `retriableCodes`, when it says
 * `retriable: true`, or when it has no code at all (an unexpected failure); otherwise no (an
 * error with a code that does not call itself retriable is a decision, not an accident).
 */
export function isRetriable(error: unknown, policy: RetryPolicy): boolean {
  const { code, retriable } = (error ?? {}) as { code?: unknown; retriable?: unknown };
  const named = typeof code === 'string' && code.length > 0 ? code : undefined;
  if (named !== undefined && policy.nonRetriableCodes.includes(named)) return false;
  if (named !== undefined && policy.retriableCodes.includes(named)) return true;
  return retriable === true || named === undefined;
}

/** Milliseconds to wait after failed attempt `attempt` (1-based) before the next one. */
export function retryDelayMs(policy: RetryPolicy, attempt: number): number {
  const delay = policy.initialDelayMs * policy.multiplier ** Math.max(0, attempt - 1);
  return Math.min(policy.maxDelayMs, Math.round(delay));
}

/** Outcome of {@link runWithRetry}. */
export type RetryOutcome =
  { ok: true; attempts: number } | { ok: false; error: unknown; attempts: number };

export interface RetryRunOptions {
  /** Waits between attempts. @default setTimeout */
  sleep?: (ms: number) => Promise<void>;
  /** Called before each wait (a Kafka consumer heartbeats here so long backoffs keep its session). */
  beforeWait?: () => Promise<void> | void;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Run `attempt` until it succeeds, fails with a non-retriable error, or has run
 * `policy.maxAttempts` times. The attempt's failures never throw: the outcome says how it ended.
 * Only a failing `beforeWait` throws (a consumer that lost its group must not go on).
 *
 * @example
 * const outcome = await runWithRetry(() => handler(msg), policy);
 * if (!outcome.ok) deadLetter(msg, outcome.error, outcome.attempts);
 */
export async function runWithRetry(
  attempt: () => unknown,
  policy: RetryPolicy,
  options: RetryRunOptions = {},
): Promise<RetryOutcome> {
  const sleep = options.sleep ?? realSleep;
  for (let n = 1; ; n++) {
    try {
      await attempt();
      return { ok: true, attempts: n };
    } catch (error) {
      if (n >= policy.maxAttempts || !isRetriable(error, policy)) {
        return { ok: false, error, attempts: n };
      }
      await options.beforeWait?.();
      await sleep(retryDelayMs(policy, n));
    }
  }
}
