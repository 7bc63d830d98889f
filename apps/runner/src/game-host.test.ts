import { describe, expect, it } from 'vitest';
import { testSpec } from '@arena/models/testing';
import { createGame, loadGame } from '@arena/orchestration';
import { GameHost } from './game-host';
import {
  capturedLogger,
  createGate,
  fixtureServices,
  gatedPlayers,
  quietLogger,
} from './runner.fixture';

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
