import { ArenaError } from '@arena/models';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RETRY_POLICY,
  RetryPolicySchema,
  isRetriable,
  retryDelayMs,
  runWithRetry,
} from './retry';

const policy = RetryPolicySchema.parse({
  maxAttempts: 4,
  initialDelayMs: 100,
  maxDelayMs: 250,
  retriableCodes: ['DB_BUSY'],
  nonRetriableCodes: ['GAME_OVER'],
});

const coded = (code: string, retriable = false) => new ArenaError(code, { code, retriable });

describe('RetryPolicySchema', () => {
  it('fills the defaults', () => {
    expect(DEFAULT_RETRY_POLICY).toEqual({
      maxAttempts: 3,
      initialDelayMs: 100,
      maxDelayMs: 5000,
      multiplier: 2,
      retriableCodes: [],
      nonRetriableCodes: [],
    });
  });

  it('names the field that is out of range', () => {
    const result = RetryPolicySchema.safeParse({
      maxAttempts: 0,
      initialDelayMs: 10,
      maxDelayMs: 50,
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['maxAttempts']);
    const delays = RetryPolicySchema.safeParse({ initialDelayMs: 10, maxDelayMs: 5 });
    expect(delays.error?.issues.map((i) => i.path.join('.'))).toEqual(['maxDelayMs']);
  });
});

describe('isRetriable', () => {
  it('classifies errors by code, then by their own word', () => {
    expect(isRetriable(new Error('no code'), policy)).toBe(true);
    expect(isRetriable('a string', policy)).toBe(true);
    expect(isRetriable(coded('DB_BUSY'), policy)).toBe(true);
    expect(isRetriable(coded('SOMETHING', true), policy)).toBe(true);
    expect(isRetriable(coded('SOMETHING'), policy)).toBe(false);
    expect(isRetriable(coded('GAME_OVER', true), policy)).toBe(false);
  });
});

describe('retryDelayMs', () => {
  it('grows by the multiplier up to the cap', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(policy, n))).toEqual([100, 200, 250, 250]);
  });
});

describe('runWithRetry', () => {
  it('retries a retriable failure with backoff until it succeeds', async () => {
    const waits: number[] = [];
    let calls = 0;
    const outcome = await runWithRetry(
      () => {
        calls += 1;
        if (calls < 3) throw new Error('flaky');
      },
      policy,
      { sleep: async (ms) => void waits.push(ms) },
    );
    expect(outcome).toEqual({ ok: true, attempts: 3 });
    expect(waits).toEqual([100, 200]);
  });

  it('gives up after maxAttempts with the last error', async () => {
    let calls = 0;
    const heartbeats: number[] = [];
    const outcome = await runWithRetry(
      async () => {
        calls += 1;
        throw new Error(`failure ${calls}`);
      },
      policy,
      { sleep: async () => undefined, beforeWait: () => void heartbeats.push(calls) },
    );
    expect(outcome).toMatchObject({ ok: false, attempts: 4, error: { message: 'failure 4' } });
    expect(heartbeats).toEqual([1, 2, 3]);
  });

  it('gives up at once on a non-retriable error', async () => {
    const outcome = await runWithRetry(
      () => {
        throw coded('GAME_OVER');
      },
      policy,
      { sleep: () => Promise.reject(new Error('must not wait')) },
    );
    expect(outcome).toMatchObject({ ok: false, attempts: 1, error: { code: 'GAME_OVER' } });
  });
});
