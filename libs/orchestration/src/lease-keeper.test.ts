import { describe, expect, it } from 'vitest';
import type { Clock, GameEvent } from '@arena/models';
import { createMemoryLiveState, type Lease, type LiveState } from '@arena/persistence';
import { LeaseKeeper } from './lease-keeper';

function manualClock(): Clock & { advance(ms: number): void } {
  let now = Date.UTC(2026, 0, 1);
  return { now: () => now, advance: (ms) => void (now += ms) };
}

/** A live state that records every renewal's seq and can be made to fail. */
function recordingLive(clock: Clock) {
  const inner = createMemoryLiveState({ clock });
  const renewals: number[] = [];
  let failing = false;
  const live: LiveState = {
    ...inner,
    renew: async (lease, seq) => {
      if (failing) throw new Error('Redis is gone');
      renewals.push(seq);
      return inner.renew(lease, seq);
    },
  };
  return { live, renewals, fail: () => (failing = true) };
}

async function leaseOf(live: LiveState, ttlMs: number): Promise<Lease> {
  const lease = await live.acquire('g-1', 'runner-a', ttlMs);
  if (!lease) throw new Error('the lease is free');
  return lease;
}

const batchEndingAt = (seq: number) => [{ seq } as GameEvent];

const until = async (check: () => boolean): Promise<void> => {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 2));
};

describe('LeaseKeeper', () => {
  it('records the start seq, then each batch’s last seq, and renews on a timer without going back', async () => {
    const clock = manualClock();
    const { live, renewals } = recordingLive(clock);
    const keeper = new LeaseKeeper(live, await leaseOf(live, 30), 4, () => undefined);
    expect(await keeper.start()).toBe(true);
    await keeper.admit(batchEndingAt(9));
    await until(() => renewals.length >= 4);
    keeper.stop();
    expect(renewals.slice(0, 2)).toEqual([4, 9]);
    expect(renewals.slice(2).every((seq) => seq === 9)).toBe(true);
    expect(keeper.lost.aborted).toBe(false);
    expect((await live.holder('g-1'))?.seq).toBe(9);
  });

  it('notices a takeover on its timer and refuses every later batch', async () => {
    const clock = manualClock();
    const { live } = recordingLive(clock);
    const keeper = new LeaseKeeper(live, await leaseOf(live, 30), 0, () => undefined);
    await keeper.start();
    clock.advance(30);
    expect(await live.acquire('g-1', 'runner-b', 30)).not.toBeNull();
    await until(() => keeper.lost.aborted);
    keeper.stop();
    await expect(keeper.admit(batchEndingAt(1))).rejects.toMatchObject({
      code: 'ORCH_LEASE_LOST',
      details: { gameId: 'g-1', owner: 'runner-a', token: 1 },
    });
  });

  it('counts a renewal that cannot be made as a lost lease and reports why', async () => {
    const clock = manualClock();
    const { live, fail } = recordingLive(clock);
    const errors: unknown[] = [];
    const keeper = new LeaseKeeper(live, await leaseOf(live, 60_000), 0, (e) => errors.push(e));
    await keeper.start();
    fail();
    await expect(keeper.admit(batchEndingAt(3))).rejects.toMatchObject({
      code: 'ORCH_LEASE_LOST',
    });
    keeper.stop();
    expect(keeper.lost.aborted).toBe(true);
    expect(errors).toEqual([expect.objectContaining({ message: 'Redis is gone' })]);
  });

  it('does not start on a lease that already lapsed', async () => {
    const clock = manualClock();
    const { live } = recordingLive(clock);
    const keeper = new LeaseKeeper(live, await leaseOf(live, 30), 0, () => undefined);
    clock.advance(30);
    expect(await keeper.start()).toBe(false);
    expect(keeper.lost.aborted).toBe(true);
  });
});
