import type { Clock } from '@arena/models';
import { buildLog, testSpec } from '@arena/models/testing';
import { describe, expect, it } from 'vitest';
import { liveStateContract } from './live-state.testing';
import { createMemoryLiveState } from './memory-live-state';

/** A clock that only moves when the test says so. */
function manualClock(start = Date.UTC(2026, 0, 1)): Clock & { advance(ms: number): void } {
  let now = start;
  return { now: () => now, advance: (ms) => void (now += ms) };
}

liveStateContract(
  'in-process',
  async () => {
    const clock = manualClock();
    const live = createMemoryLiveState({ clock, recentLimit: 20, onError: () => undefined });
    return {
      live,
      peer: live,
      pass: async (ms) => clock.advance(ms),
      close: () => live.close(),
    };
  },
  { ttlMs: 1000 },
);

describe('createMemoryLiveState', () => {
  it('expires a lease exactly at its time-to-live by the injected clock', async () => {
    const clock = manualClock();
    const live = createMemoryLiveState({ clock });
    const lease = await live.acquire('g-1', 'runner-a', 1000);
    expect(lease?.expiresAt).toBe(clock.now() + 1000);
    clock.advance(999);
    expect(await live.acquire('g-1', 'runner-b', 1000)).toBeNull();
    clock.advance(1);
    expect((await live.acquire('g-1', 'runner-b', 1000))?.owner).toBe('runner-b');
  });

  it('reports what a listener threw', async () => {
    const errors: unknown[] = [];
    const live = createMemoryLiveState({ onError: (error) => errors.push(error) });
    await live.subscribe('g-1', () => {
      throw new Error('listener failed');
    });
    await live.publishEvents(
      'g-1',
      buildLog('g-1', [{ type: 'game_created', payload: { spec: testSpec() } }]),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(errors).toEqual([expect.objectContaining({ message: 'listener failed' })]);
  });
});
