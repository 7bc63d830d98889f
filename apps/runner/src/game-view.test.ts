import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { GameEvent } from '@arena/models';
import { testSpec } from '@arena/models/testing';
import { createGame, playGame, runGame } from '@arena/orchestration';
import { gameView, type GameView } from './game-view';
import { fixtureServices, quietLogger, testAccess } from './runner.fixture';
import { buildServer } from './server';

const apps: FastifyInstance[] = [];

afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

function serve(services: ReturnType<typeof fixtureServices>) {
  const app = buildServer({ services, logger: quietLogger, access: testAccess });
  apps.push(app);
  return app;
}

describe('gameView: speaking share', () => {
  it('shows an ended game’s speaking share as game_ended recorded it, also over HTTP', async () => {
    const services = fixtureServices();
    const final = await playGame(services, testSpec({ policy: 'adversarial', seed: 3 }), {
      gameId: 'g-ended',
    });
    const events = await services.store.load('g-ended');
    const ended = events.find(
      (e): e is Extract<GameEvent, { type: 'game_ended' }> => e.type === 'game_ended',
    );
    const view = gameView(final);
    expect(ended?.payload.speaking).toBeDefined();
    expect(view.speaking).toEqual(ended?.payload.speaking);
    expect(view.speaking.players.reduce((s, p) => s + p.share, 0)).toBeCloseTo(1, 9);

    const res = await serve(services).inject({ method: 'GET', url: '/games/g-ended' });
    expect(res.statusCode).toBe(200);
    expect(res.json<GameView>().speaking).toEqual(ended?.payload.speaking);
  });

  it('shows the speaking share so far while the game runs, without revealing scores', async () => {
    const services = fixtureServices();
    await createGame(services, testSpec({ maxTurns: 40 }), { gameId: 'g-running' });
    const suspend = new AbortController();
    let batches = 0;
    const state = await runGame(services, 'g-running', {
      suspend: suspend.signal,
      onEvents: () => {
        batches += 1;
        if (batches === 5) suspend.abort();
      },
    });
    expect(state.status).toBe('running');

    const res = await serve(services).inject({ method: 'GET', url: '/games/g-running' });
    const view = res.json<GameView>();
    expect(view.status).toBe('running');
    expect(view.standings).toBeNull();
    expect(view.speaking.players.map((p) => [p.playerId, p.turns])).toEqual(
      view.players.map((p) => [p.id, p.turns]),
    );
    expect(view.speaking.players.reduce((s, p) => s + p.turns, 0)).toBe(view.turn);
    expect(view.speaking.gini).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify(view.speaking)).not.toMatch(/points|standing|score/);
  });
});
