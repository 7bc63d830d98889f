import { describe, expect, it } from 'vitest';
import type { Clock, GameEvent } from '@arena/models';
import { completeLogProblems, testSpec } from '@arena/models/testing';
import { createGame, loadGame } from '@arena/orchestration';
import { createMemoryLiveState } from '@arena/persistence';
import { GameHost } from './game-host';
import {
  capturedLogger,
  createGate,
  eventually,
  fixtureServices,
  gatedPlayers,
  quietLogger,
} from './runner.fixture';

/** A clock that only moves when the test says so (lease expiry). */
function manualClock(): Clock & { advance(ms: number): void } {
  let now = Date.UTC(2026, 0, 1);
  return { now: () => now, advance: (ms) => void (now += ms) };
}

function expectCompleteLog(events: readonly GameEvent[]): void {
  expect(completeLogProblems(events)).toEqual([]);
  expect(events.at(-1)?.type).toBe('game_ended');
}

const spec = testSpec({ maxTurns: 8 });

describe('GameHost', () => {
  it('plays a game in the background and logs turns and the end with game id and turn', async () => {
    const services = fixtureServices();
    const { logger, lines } = capturedLogger();
    const host = new GameHost({ services, logger });
    await createGame(services, spec, { gameId: 'g-logs' });

    host.start('g-logs');
    expect(host.isRunning('g-logs')).toBe(true);
    await host.whenIdle();

    expect(host.running()).toEqual([]);
    expect((await loadGame(services.store, 'g-logs')).status).toBe('ended');
    const logged = lines();
    const turns = logged.filter((l) => l['msg'] === 'turn_started');
    expect(turns.map((l) => l['turn'])).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(turns.every((l) => l['gameId'] === 'g-logs' && l['level'] === 30)).toBe(true);
    const end = logged.find((l) => l['msg'] === 'game_ended');
    expect(end).toMatchObject({ gameId: 'g-logs', turn: 8, reason: 'max_turns', level: 30 });
  });

  it('lets the event loop serve other work while a game plays', async () => {
    const services = fixtureServices();
    const host = new GameHost({ services, logger: quietLogger });
    await createGame(services, spec, { gameId: 'g-busy' });

    host.start('g-busy');
    await new Promise((resolve) => setImmediate(resolve));

    expect(host.isRunning('g-busy')).toBe(true);
    await host.whenIdle();
  });

  it('logs a game that fails instead of crashing', async () => {
    const services = fixtureServices();
    const { logger, lines } = capturedLogger();
    const host = new GameHost({ services, logger });

    host.start('g-missing');
    await host.whenIdle();

    const failure = lines().find((l) => l['msg'] === 'game_failed');
    expect(failure).toMatchObject({ gameId: 'g-missing', level: 50 });
    expect((failure?.['err'] as { code?: string }).code).toBe('ORCH_GAME_NOT_FOUND');
  });

  it('suspends running games on shutdown so that a later host resumes them', async () => {
    const gate = createGate();
    const services = fixtureServices({ createPlayer: gatedPlayers(gate) });
    const host = new GameHost({ services, logger: quietLogger });
    await createGame(services, spec, { gameId: 'g-suspend' });
    host.start('g-suspend');
    await gate.reached;

    const stopped = host.shutdown();
    gate.open();
    await stopped;

    const suspended = await loadGame(services.store, 'g-suspend');
    expect(suspended.status).toBe('running');
    expect(suspended.turn).toBe(1);
    expect(() => host.start('g-suspend')).toThrow(
      expect.objectContaining({ code: 'RUNNER_SHUTTING_DOWN' }),
    );

    const next = new GameHost({ services, logger: quietLogger });
    expect(await next.resumeSuspended()).toEqual(['g-suspend']);
    await next.whenIdle();
    const final = await loadGame(services.store, 'g-suspend');
    expect(final.ended?.reason).toBe('max_turns');
    expect(final.turn).toBe(8);
  });

  it('leaves a game created to await its start alone until it is started by id', async () => {
    const services = fixtureServices();
    await createGame(services, spec, { gameId: 'g-held', awaitingStart: true });
    await createGame(services, spec, { gameId: 'g-orphan' });
    const host = new GameHost({ services, logger: quietLogger });

    expect(await host.resumeSuspended()).toEqual(['g-orphan']);
    await host.whenIdle();
    expect(await services.store.load('g-held')).toHaveLength(1);

    host.start('g-held');
    await host.whenIdle();
    expectCompleteLog(await services.store.load('g-held'));
  });

  it('stops a game on request: it ends as aborted by the operator', async () => {
    const gate = createGate();
    const services = fixtureServices({ createPlayer: gatedPlayers(gate) });
    const host = new GameHost({ services, logger: quietLogger });
    await createGame(services, spec, { gameId: 'g-stop' });
    host.start('g-stop');

    expect(host.stop('g-stop')).toBe(true);
    expect(host.stop('g-other')).toBe(false);
    gate.open();
    await host.whenIdle();

    const last = (await services.store.load('g-stop')).at(-1);
    expect(last?.type === 'game_ended' && last.payload).toMatchObject({
      reason: 'aborted',
      abortCause: 'operator_stop',
    });
  });
});

describe('GameHost under leases (in-process live state)', () => {
  it('leaves a game another runner drives to it', async () => {
    const gate = createGate();
    const services = fixtureServices({ createPlayer: gatedPlayers(gate) });
    const a = new GameHost({ services, logger: quietLogger, owner: 'runner-a' });
    const b = new GameHost({ services, logger: quietLogger, owner: 'runner-b' });
    await createGame(services, spec, { gameId: 'g-shared' });
    a.start('g-shared');
    await gate.reached;

    expect(await b.resumeSuspended()).toEqual([]);
    await b.whenIdle();
    expect(b.running()).toEqual([]);
    expect(await services.live.holder('g-shared')).toMatchObject({ owner: 'runner-a' });

    gate.open();
    await a.whenIdle();
    expectCompleteLog(await services.store.load('g-shared'));
    expect(await services.live.holder('g-shared')).toBeNull();
  });

  it('stops a runner whose lease lapsed before it stores anything more; the taker finishes the game', async () => {
    const clock = manualClock();
    const gate = createGate();
    const services = fixtureServices({
      createPlayer: gatedPlayers(gate),
      live: createMemoryLiveState({ clock }),
    });
    const stale = capturedLogger();
    const taker = capturedLogger();
    const a = new GameHost({
      services,
      logger: stale.logger,
      owner: 'runner-a',
      leaseTtlMs: 60_000,
    });
    const b = new GameHost({
      services,
      logger: taker.logger,
      owner: 'runner-b',
      leaseTtlMs: 60_000,
    });
    await createGame(services, spec, { gameId: 'g-lapsed' });
    a.start('g-lapsed');
    await gate.reached;
    const before = await services.store.load('g-lapsed');

    clock.advance(60_000);
    expect(await b.resumeSuspended()).toEqual(['g-lapsed']);
    gate.open();
    await Promise.all([a.whenIdle(), b.whenIdle()]);

    const log = await services.store.load('g-lapsed');
    expectCompleteLog(log);
    expect(log.slice(0, before.length)).toEqual(before);
    expect(stale.lines().find((l) => l['msg'] === 'lease_lost')).toMatchObject({
      gameId: 'g-lapsed',
      token: 1,
      level: 40,
    });
    const staleBatches = stale.lines().filter((l) => l['msg'] === 'events_stored');
    expect(staleBatches.every((l) => (l['last'] as number) < before.length)).toBe(true);
    expect(taker.lines().find((l) => l['msg'] === 'game_resumed')).toMatchObject({
      gameId: 'g-lapsed',
      token: 2,
      seq: before.length - 1,
    });
    expect(taker.lines().some((l) => l['msg'] === 'game_ended')).toBe(true);
  });

  it('sweeps up a game whose runner died once its lease lapses', async () => {
    const clock = manualClock();
    const services = fixtureServices({ live: createMemoryLiveState({ clock }) });
    const { logger, lines } = capturedLogger('trace');
    const host = new GameHost({ services, logger, owner: 'runner-b', leaseTtlMs: 40 });
    await createGame(services, spec, { gameId: 'g-orphan' });
    await services.live.acquire('g-orphan', 'runner-dead', 1000);

    host.startSweeping();
    const busy = await eventually(
      async () => lines().filter((l) => l['msg'] === 'game_busy'),
      (found) => found.length > 0,
    );
    expect(busy[0]).toMatchObject({ gameId: 'g-orphan', holder: 'runner-dead' });
    expect(await services.store.load('g-orphan')).toHaveLength(1);
    clock.advance(1000);
    const taken = await eventually(
      async () => lines().find((l) => l['msg'] === 'games_taken_over'),
      (line) => line !== undefined,
    );
    expect(taken).toMatchObject({ games: ['g-orphan'] });
    await eventually(
      async () => (await services.store.getGame('g-orphan'))?.status,
      (status) => status === 'ended',
    );
    await host.shutdown();
    expectCompleteLog(await services.store.load('g-orphan'));
  });
});

describe('GameHost with an ownership filter', () => {
  it('resumes and sweeps only the games it owns; games asked for by name play regardless', async () => {
    const services = fixtureServices();
    const host = new GameHost({ services, logger: quietLogger, owns: (id) => id === 'g-mine' });
    for (const gameId of ['g-mine', 'g-theirs']) await createGame(services, spec, { gameId });

    expect(await host.resumeSuspended()).toEqual(['g-mine']);
    await host.whenIdle();
    expect((await services.store.getGame('g-theirs'))?.status).toBe('running');

    host.start('g-theirs');
    await host.whenIdle();
    expect((await services.store.getGame('g-theirs'))?.status).toBe('ended');
  });
});

describe('GameHost.end', () => {
  it('ends a suspended game at once as an operator stop', async () => {
    const services = fixtureServices();
    const host = new GameHost({ services, logger: quietLogger });
    await createGame(services, spec, { gameId: 'g-idle' });

    host.end('g-idle');
    await host.whenIdle();

    const log = await services.store.load('g-idle');
    expectCompleteLog(log);
    expect(log.at(-1)).toMatchObject({ payload: { abortCause: 'operator_stop' } });
  });

  it('ends a game whose driver died once the sweep takes it over', async () => {
    const clock = manualClock();
    const services = fixtureServices({ live: createMemoryLiveState({ clock }) });
    const host = new GameHost({ services, logger: quietLogger, owner: 'runner-b', leaseTtlMs: 40 });
    await createGame(services, spec, { gameId: 'g-orphan' });
    await services.live.acquire('g-orphan', 'runner-dead', 1000);

    host.end('g-orphan');
    await host.whenIdle();
    expect((await services.store.getGame('g-orphan'))?.status).toBe('running');
    host.startSweeping();
    clock.advance(1000);
    await eventually(
      async () => (await services.store.getGame('g-orphan'))?.status,
      (status) => status === 'ended',
    );
    await host.shutdown();

    const log = await services.store.load('g-orphan');
    expectCompleteLog(log);
    expect(log.at(-1)).toMatchObject({ payload: { abortCause: 'operator_stop' } });
  });
});
