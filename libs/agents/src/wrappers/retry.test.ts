import { describe, expect, it } from 'vitest';
import { BudgetExceededError } from '../llm/errors';
import {
  callMeta,
  chatRequest,
  fakeClient,
  modelError,
  modelFailure,
  rejection,
  type FakeStep,
} from './fake-client.fixture';
import { manualTiming } from './manual-timing.fixture';
import { DEFAULT_RETRY_POLICY, RetryPolicySchema, withRetry, type RetryPolicy } from './retry';

const exact: RetryPolicy = { ...DEFAULT_RETRY_POLICY, jitter: 0 };

function setup(steps: FakeStep[], policy: RetryPolicy = exact) {
  const timing = manualTiming();
  const provider = fakeClient(steps);
  return { timing, provider, client: withRetry(policy, timing)(provider) };
}

describe('RetryPolicySchema', () => {
  it('fills in the defaults', () => {
    expect(RetryPolicySchema.parse({})).toEqual({
      maxRetries: 3,
      baseDelayMs: 500,
      maxDelayMs: 20_000,
      jitter: 0.2,
      maxRetryAfterMs: 60_000,
    });
  });

  it('rejects a jitter above 1', () => {
    expect(RetryPolicySchema.safeParse({ jitter: 1.5 }).success).toBe(false);
  });
});

describe('withRetry', () => {
  it('retries retriable failures with exponential waits and counts the attempts', async () => {
    const { timing, provider, client } = setup([
      { error: modelError('server') },
      { error: modelError('network') },
      { reply: 'finally' },
    ]);

    const response = await client.complete(chatRequest(), callMeta());

    expect(response.text).toBe('finally');
    expect(response.stats.attempts).toBe(3);
    expect(provider.calls).toHaveLength(3);
    expect(timing.waits).toEqual([500, 1000]);
  });

  it('caps the exponential wait at maxDelayMs', async () => {
    const policy = { ...exact, maxRetries: 5, maxDelayMs: 3000 };
    const { timing, client } = setup([{ error: modelError('timeout') }], policy);

    await rejection(client.complete(chatRequest(), callMeta()));

    expect(timing.waits).toEqual([500, 1000, 2000, 3000, 3000]);
  });

  it('gives up after maxRetries and reports every attempt on the error', async () => {
    const { provider, client } = setup([{ error: modelError('server', { status: 503 }) }]);

    const error = await modelFailure(client.complete(chatRequest(), callMeta()));

    expect(error.kind).toBe('server');
    expect(error.stats.attempts).toBe(4);
    expect(provider.calls).toHaveLength(4);
  });

  it.each(['auth', 'bad_request', 'aborted', 'cassette_miss'] as const)(
    'does not retry %s',
    async (kind) => {
      const { timing, provider, client } = setup([{ error: modelError(kind) }]);

      const error = await modelFailure(client.complete(chatRequest(), callMeta()));

      expect(error.kind).toBe(kind);
      expect(error.stats.attempts).toBe(1);
      expect(provider.calls).toHaveLength(1);
      expect(timing.waits).toEqual([]);
    },
  );

  it('rethrows errors that are not model call errors untouched', async () => {
    const budget = new BudgetExceededError('spent', 'game', 'tokens', 10, 12, null);
    const { provider, client } = setup([{ error: budget }]);

    expect(await rejection(client.complete(chatRequest(), callMeta()))).toBe(budget);
    expect(provider.calls).toHaveLength(1);
  });

  it('waits at least as long as the server asks', async () => {
    const { timing, client } = setup([
      { error: modelError('rate_limited', { retryAfterMs: 7000 }) },
      { error: modelError('rate_limited', { retryAfterMs: 100 }) },
      { reply: 'ok' },
    ]);

    await client.complete(chatRequest(), callMeta());

    expect(timing.waits).toEqual([7000, 1000]);
  });

  it('gives up when the server asks for a longer wait than maxRetryAfterMs', async () => {
    const { timing, provider, client } = setup([
      { error: modelError('rate_limited', { retryAfterMs: 120_000 }) },
    ]);

    const error = await modelFailure(client.complete(chatRequest(), callMeta()));

    expect(error.kind).toBe('rate_limited');
    expect(error.stats.attempts).toBe(1);
    expect(provider.calls).toHaveLength(1);
    expect(timing.waits).toEqual([]);
  });

  it('jitters waits deterministically within the policy spread', async () => {
    const steps: FakeStep[] = [{ error: modelError('server') }];
    const runs = await Promise.all(
      [callMeta(), callMeta(), callMeta({ playerId: 'P2' })].map(async (meta) => {
        const { timing, client } = setup(steps, DEFAULT_RETRY_POLICY);
        await rejection(client.complete(chatRequest(), meta));
        return timing.waits;
      }),
    );
    const [first, again, otherSeat] = runs;

    expect(first).toEqual(again);
    expect(first).not.toEqual(otherSeat);
    [500, 1000, 2000].forEach((base, i) => {
      expect(first?.[i]).toBeGreaterThanOrEqual(base * 0.8);
      expect(first?.[i]).toBeLessThanOrEqual(base * 1.2);
    });
  });

  it('stops waiting and throws aborted when the caller cancels', async () => {
    const { provider, client } = setup([{ error: modelError('server') }]);
    const operator = new AbortController();

    const pending = client.complete(chatRequest(), callMeta({ signal: operator.signal }));
    await Promise.resolve();
    operator.abort();
    const error = await modelFailure(pending);

    expect(error.kind).toBe('aborted');
    expect(error.stats.attempts).toBe(1);
    expect(provider.calls).toHaveLength(1);
  });
});
