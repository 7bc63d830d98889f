import { describe, expect, it } from 'vitest';
import { callMeta, chatRequest, fakeClient, modelFailure } from './fake-client.fixture';
import { manualTiming } from './manual-timing.fixture';
import { createRateLimiter, withRateLimit, type RateLimitOptions } from './rate-limit';

function setup(options: RateLimitOptions) {
  const timing = manualTiming();
  return { timing, limiter: createRateLimiter(options, timing) };
}

describe('createRateLimiter', () => {
  it('spaces requests by the refill rate and serves them in arrival order', async () => {
    const { timing, limiter } = setup({ requestsPerMinute: 60 });
    const started: Array<[string, number]> = [];

    await Promise.all(
      ['a', 'b', 'c'].map(async (name) => {
        const release = await limiter.acquire();
        started.push([name, timing.clock.now()]);
        release();
      }),
    );

    expect(started).toEqual([
      ['a', 0],
      ['b', 1000],
      ['c', 2000],
    ]);
  });

  it('lets a burst start together after a quiet spell', async () => {
    const { timing, limiter } = setup({ requestsPerMinute: 60, burst: 2 });
    const starts: number[] = [];

    await Promise.all(
      [1, 2, 3].map(async () => {
        (await limiter.acquire())();
        starts.push(timing.clock.now());
      }),
    );

    expect(starts).toEqual([0, 0, 1000]);
  });

  it('refills from the clock while no one is waiting', async () => {
    const { timing, limiter } = setup({ requestsPerMinute: 30 });
    (await limiter.acquire())();
    await timing.sleep(5000);

    (await limiter.acquire())();

    expect(timing.clock.now()).toBe(5000);
  });

  it('holds calls beyond maxConcurrent until a slot is released', async () => {
    const { limiter } = setup({ requestsPerMinute: 60_000, burst: 10, maxConcurrent: 1 });
    const started: string[] = [];
    const take = (name: string) =>
      limiter.acquire().then((release) => {
        started.push(name);
        return release;
      });
    const idle = () => new Promise((resolve) => setImmediate(resolve));

    const first = await take('first');
    const second = take('second');
    const third = take('third');
    await idle();
    expect(started).toEqual(['first']);

    first();
    first();
    const releaseSecond = await second;
    await idle();
    expect(started).toEqual(['first', 'second']);

    releaseSecond();
    (await third)();
    expect(started).toEqual(['first', 'second', 'third']);
  });

  it('drops a waiter whose signal aborts and serves the next one', async () => {
    const { timing, limiter } = setup({ requestsPerMinute: 60 });
    (await limiter.acquire())();
    const controller = new AbortController();
    const reason = new Error('stop');
    const cancelled = limiter.acquire(controller.signal);
    const next = limiter.acquire();

    controller.abort(reason);

    await expect(cancelled).rejects.toBe(reason);
    (await next)();
    expect(timing.clock.now()).toBe(1000);
  });

  it('rejects invalid options with the field path', () => {
    expect(() => setup({ requestsPerMinute: 0 })).toThrow(/requestsPerMinute/);
  });
});

describe('withRateLimit', () => {
  it('paces every client that shares the limiter', async () => {
    const { timing, limiter } = setup({ requestsPerMinute: 120 });
    const limited = withRateLimit(limiter);
    const judge = limited(fakeClient([{ reply: 'score' }], { spec: 'openai:gpt-4o' }));
    const player = limited(fakeClient([{ reply: 'act' }], { spec: 'openai:gpt-4o-mini' }));

    await Promise.all([
      judge.complete(chatRequest(), callMeta({ role: 'judge', playerId: null })),
      player.complete(chatRequest(), callMeta()),
      player.complete(chatRequest(), callMeta()),
    ]);

    expect(timing.waits).toEqual([500, 500]);
    expect(timing.clock.now()).toBe(1000);
  });

  it('releases the slot when the call fails', async () => {
    const { limiter } = setup({ requestsPerMinute: 60_000, burst: 5, maxConcurrent: 1 });
    const client = withRateLimit(limiter)(fakeClient([{ error: new Error('boom') }]));

    await expect(client.complete(chatRequest(), callMeta())).rejects.toThrow('boom');
    await expect(client.complete(chatRequest(), callMeta())).rejects.toThrow('boom');
  });

  it('throws aborted when cancelled while waiting, without calling the provider', async () => {
    const { limiter } = setup({ requestsPerMinute: 1 });
    const provider = fakeClient([{ reply: 'ok' }]);
    const client = withRateLimit(limiter)(provider);
    await client.complete(chatRequest(), callMeta());
    const operator = new AbortController();

    const pending = client.complete(chatRequest(), callMeta({ signal: operator.signal }));
    operator.abort();
    const error = await modelFailure(pending);

    expect(error.kind).toBe('aborted');
    expect(provider.calls).toHaveLength(1);
  });
});
