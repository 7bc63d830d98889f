import { describe, expect, it } from 'vitest';
import { createSimPlayer, type PlayerAgent } from '@arena/agents';
import { createInMemoryBus } from '@arena/message-bus';
import {
  computeStandings,
  foldGame,
  steppingClock,
  type Clock,
  type GameEvent,
} from '@arena/models';
import { testSpec } from '@arena/models/testing';
import { createMemoryEventStore, createMemoryLiveState, type LiveState } from '@arena/persistence';
import { driveGame, gameLeased, type LeasedGameServices } from './drive-game';
import { createGame } from './games';
import { readEventsBetween, readLiveGame } from './live-reads';

/** A clock that only moves when the test says so (lease expiry). */
function manualClock(): Clock & { advance(ms: number): void } {
  let now = Date.UTC(2026, 0, 1);
  return { now: () => now, advance: (ms) => void (now += ms) };
}

/** Sim players that wait before every action until the test opens the gate. */
function gatedPlayers() {
  let open: () => void = () => undefined;
  let arrive: () => void = () => undefined;
  const passed = new Promise<void>((resolve) => (open = resolve));
  const reached = new Promise<void>((resolve) => (arrive = resolve));
  const createPlayer = (): PlayerAgent => {
    const agent = createSimPlayer();
    return {
      act: async (ctx) => {
        arrive();
        await passed;
        return agent.act(ctx);
      },
      defend: (ctx) => agent.defend(ctx),
      bid: (ctx) => agent.bid(ctx),
      finalWords: (ctx) => agent.finalWords(ctx),
    };
  };
  return { createPlayer, reached, open };
}

function services(live: LiveState, extra: Partial<LeasedGameServices> = {}): LeasedGameServices {
  return {
    store: createMemoryEventStore(),
    bus: createInMemoryBus(),
    clock: steppingClock(),
    live,
    ...extra,
  };
}

const spec = testSpec({ maxTurns: 8 });
const TTL = 60_000;

function expectWholeLog(events: readonly GameEvent[]): void {
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
  expect(events.filter((e) => e.type === 'game_ended')).toHaveLength(1);
  expect(events.at(-1)?.type).toBe('game_ended');
  expect(foldGame(events).status).toBe('ended');
}

describe('driveGame', () => {
  it('plays a game to its end under the lease, publishes every batch and releases the lease', async () => {
    const live = createMemoryLiveState();
    const s = services(live);
    await createGame(s, spec, { gameId: 'g-drive' });
    const fanned: GameEvent[] = [];
    await live.subscribe('g-drive', (events) => fanned.push(...events));
    const leases: number[] = [];

    const result = await driveGame(s, 'g-drive', {
      owner: 'runner-a',
      ttlMs: TTL,
      onLease: (lease) => leases.push(lease.token),
    });

    expect(result.outcome).toBe('ended');
    expect(leases).toEqual([1]);
    const log = await s.store.load('g-drive');
    expectWholeLog(log);
    expect(await live.recent('g-drive', live.recentLimit)).toEqual(log.slice(-live.recentLimit));
    expect(await live.standings('g-drive')).toEqual(computeStandings(foldGame(log)));
    await new Promise((resolve) => setImmediate(resolve));
    expect(fanned).toEqual(log);
    expect(await live.holder('g-drive')).toBeNull();
  });

  it('plays nothing while another owner holds the lease, and names the holder', async () => {
    const live = createMemoryLiveState();
    const s = services(live);
    await createGame(s, spec, { gameId: 'g-busy' });
    await live.acquire('g-busy', 'runner-b', TTL);

    const result = await driveGame(s, 'g-busy', { owner: 'runner-a', ttlMs: TTL });

    expect(result).toMatchObject({ outcome: 'busy', holder: { owner: 'runner-b' } });
    expect(await s.store.load('g-busy')).toHaveLength(1);
    if (result.outcome !== 'busy') throw new Error('expected busy');
    expect(gameLeased('g-busy', result.holder)).toMatchObject({
      code: 'ORCH_GAME_LEASED',
      message: expect.stringContaining('runner-b'),
    });
  });

  it('stops a driver whose lease was taken over without storing or ending anything, and the new holder finishes', async () => {
    const clock = manualClock();
    const live = createMemoryLiveState({ clock });
    const gate = gatedPlayers();
    const s = services(live, { createPlayer: gate.createPlayer });
    await createGame(s, spec, { gameId: 'g-takeover' });

    const stale = driveGame(s, 'g-takeover', { owner: 'runner-a', ttlMs: 1000 });
    await gate.reached;
    const before = await s.store.load('g-takeover');
    clock.advance(1000);
    const takeover = await live.acquire('g-takeover', 'runner-b', 1000);
    expect(takeover?.seq).toBe(before.at(-1)?.seq);
    gate.open();

    const result = await stale;
    expect(result.outcome).toBe('lost');
    expect(await s.store.load('g-takeover')).toEqual(before);
    expect(await live.holder('g-takeover')).toMatchObject({ owner: 'runner-b' });

    if (takeover) await live.release(takeover);
    const next = await driveGame(s, 'g-takeover', { owner: 'runner-b', ttlMs: 1000 });
    expect(next.outcome).toBe('ended');
    const log = await s.store.load('g-takeover');
    expectWholeLog(log);
    expect(log.slice(0, before.length)).toEqual(before);
  });

  it('suspends on request and lets the next driver resume where the log stops', async () => {
    const live = createMemoryLiveState();
    const gate = gatedPlayers();
    const s = services(live, { createPlayer: gate.createPlayer });
    await createGame(s, spec, { gameId: 'g-suspend' });
    const suspend = new AbortController();

    const driving = driveGame(s, 'g-suspend', {
      owner: 'runner-a',
      ttlMs: TTL,
      suspend: suspend.signal,
    });
    await gate.reached;
    suspend.abort();
    gate.open();
    const result = await driving;

    expect(result.outcome).toBe('suspended');
    if (result.outcome !== 'suspended') throw new Error('expected suspended');
    expect(result.state.status).toBe('running');
    expect(await live.holder('g-suspend')).toBeNull();

    // Live state lost everything meanwhile (a fresh Redis): the next driver restores it.
    const fresh = createMemoryLiveState();
    const resumed = await driveGame({ ...s, live: fresh }, 'g-suspend', {
      owner: 'runner-b',
      ttlMs: TTL,
    });
    expect(resumed.outcome).toBe('ended');
    const log = await s.store.load('g-suspend');
    expectWholeLog(log);
    expect(await fresh.recent('g-suspend', fresh.recentLimit)).toEqual(
      log.slice(-fresh.recentLimit),
    );
  });

  it('reports an unknown game and leaves no lease behind', async () => {
    const live = createMemoryLiveState();
    await expect(
      driveGame(services(live), 'g-none', { owner: 'runner-a', ttlMs: TTL }),
    ).rejects.toMatchObject({ code: 'ORCH_GAME_NOT_FOUND' });
    expect(await live.holder('g-none')).toBeNull();
  });
});

describe('live reads', () => {
  it('read standings and recent events from live state, or from the log when it has none', async () => {
    const live = createMemoryLiveState();
    const s = services(live);
    await createGame(s, spec, { gameId: 'g-read' });
    await driveGame(s, 'g-read', { owner: 'runner-a', ttlMs: TTL });
    const log = await s.store.load('g-read');
    const standings = computeStandings(foldGame(log));

    const hot = await readLiveGame(s, 'g-read', 5);
    expect(hot).toEqual({
      gameId: 'g-read',
      driver: null,
      standings,
      recent: log.slice(-5),
      source: 'live',
    });
    const cold = await readLiveGame({ ...s, live: createMemoryLiveState() }, 'g-read', 5);
    expect(cold).toEqual({ ...hot, source: 'store' });
    await expect(readLiveGame(s, 'g-unknown', 5)).rejects.toMatchObject({
      code: 'ORCH_GAME_NOT_FOUND',
    });
  });

  it('fill a hole from recent events when they hold all of it, else from the store', async () => {
    const live = createMemoryLiveState({ recentLimit: 10 });
    const s = services(live);
    await createGame(s, spec, { gameId: 'g-hole' });
    await driveGame(s, 'g-hole', { owner: 'runner-a', ttlMs: TTL });
    const log = await s.store.load('g-hole');
    const last = log.length - 1;

    expect(await readEventsBetween(s, 'g-hole', last - 4, last)).toEqual(log.slice(-4, -1));
    expect(await readEventsBetween(s, 'g-hole', 2, 9)).toEqual(log.slice(3, 9));
    expect(await readEventsBetween(s, 'g-hole', 5, 6)).toEqual([]);
  });
});
