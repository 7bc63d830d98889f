import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { GameEvent } from '@arena/models';
import { testSpec } from '@arena/models/testing';
import { createGame } from '@arena/orchestration';
import type { ErrorBody } from './error-response';
import { GameHost } from './game-host';
import type { GameView } from './game-view';
import {
  TEST_AUTH,
  createGate,
  eventually,
  fixtureConfig,
  fixtureServices,
  gatedPlayers,
  quietLogger,
  testAccess,
  type FixtureServices,
} from './runner.fixture';
import { buildServer } from './server';

const apps: FastifyInstance[] = [];
const hosts: GameHost[] = [];

afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
  await Promise.all(hosts.splice(0).map((host) => host.shutdown()));
});

function serve(overrides: Partial<FixtureServices> = {}) {
  const services = fixtureServices(overrides);
  const host = new GameHost({ services, logger: quietLogger });
  hosts.push(host);
  let n = 0;
  const app = buildServer({
    services,
    host,
    logger: quietLogger,
    newGameId: () => `g-test-${++n}`,
    newSeed: () => 1234,
    access: testAccess,
  });
  apps.push(app);
  return { app, services, host };
}

const post = (app: FastifyInstance, url: string, payload?: unknown) =>
  app.inject({
    method: 'POST',
    url,
    headers: TEST_AUTH,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

async function ended(app: FastifyInstance, id: string): Promise<GameView> {
  return eventually(
    async () => (await app.inject({ method: 'GET', url: `/games/${id}` })).json<GameView>(),
    (v) => v.status === 'ended',
  );
}

function errorOf(body: string): ErrorBody['error'] {
  return (JSON.parse(body) as ErrorBody).error;
}

function pathsOf(body: string): string[] {
  return errorOf(body).issues?.map((i) => i.path) ?? [];
}

describe('POST /games?start=false and POST /games/:id/start', () => {
  it('creates a game without playing it, then starts it on request', async () => {
    const { app, services, host } = serve();
    const created = await post(app, '/games?start=false', fixtureConfig());
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ id: 'g-test-1', seed: 7 });
    expect(host.running()).toEqual([]);
    expect((await services.store.load('g-test-1')).map((e) => e.type)).toEqual(['game_created']);

    const started = await post(app, '/games/g-test-1/start');
    expect(started.statusCode).toBe(202);
    expect(started.json()).toEqual({
      id: 'g-test-1',
      command: { id: expect.any(String), type: 'start_game' },
    });
    expect((await ended(app, 'g-test-1')).ended?.reason).toBe('max_turns');

    const again = await post(app, '/games/g-test-1/start');
    expect(again.statusCode).toBe(409);
    expect(errorOf(again.body).code).toBe('RUNNER_GAME_ENDED');
  });

  it('answers 409 to start a game that is being played', async () => {
    const gate = createGate();
    const { app } = serve({ createPlayer: gatedPlayers(gate) });
    await post(app, '/games', fixtureConfig());
    await gate.reached;
    const res = await post(app, '/games/g-test-1/start');
    expect(res.statusCode).toBe(409);
    expect(errorOf(res.body)).toMatchObject({
      code: 'RUNNER_GAME_RUNNING',
      message: expect.stringContaining('g-test-1'),
    });
    gate.open();
    await ended(app, 'g-test-1');
  });

  it.each([
    ['/games?start=maybe', fixtureConfig(), 'start'],
    ['/games?begin=true', fixtureConfig(), ''],
    ['/games', { ...fixtureConfig(), seed: 'seven' }, 'seed'],
    ['/games', { ...fixtureConfig(), players: 'ana' }, 'players'],
    ['/games', [fixtureConfig()], ''],
    ['/games/g-test-1/start?now=1', undefined, ''],
    ['/games/g-test-1/start', { now: true }, ''],
    ['/games/%24%7Bnope%7D/start', undefined, 'id'],
  ])('answers 400 naming the field for POST %s', async (url, payload, path) => {
    const { app } = serve();
    const res = await post(app, url, payload);
    expect(res.statusCode).toBe(400);
    expect(errorOf(res.body).code).toBe('ARENA_INVALID_INPUT');
    expect(pathsOf(res.body)).toContain(path);
  });

  it('answers 404 to start an unknown game', async () => {
    const { app } = serve();
    const res = await post(app, '/games/g-nope/start');
    expect(res.statusCode).toBe(404);
    expect(errorOf(res.body).code).toBe('ORCH_GAME_NOT_FOUND');
  });
});

describe('POST /games/:id/fork', () => {
  it('forks a stored game after a turn with another seed, and plays the fork', async () => {
    const { app, services } = serve();
    await post(app, '/games', fixtureConfig());
    await ended(app, 'g-test-1');

    const res = await post(app, '/games/g-test-1/fork', {
      fromTurn: 3,
      seed: 99,
      changes: { seats: { '2': 'sim' } },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({
      id: 'g-test-2',
      seed: 99,
      forkedFrom: { gameId: 'g-test-1', turn: 3 },
      links: { self: '/games/g-test-2', events: '/games/g-test-2/events' },
    });
    expect(res.headers['location']).toBe('/games/g-test-2');
    await ended(app, 'g-test-2');
    const [created] = await services.store.load('g-test-2');
    expect(created?.type === 'game_created' && created.payload.forkOf).toEqual({
      gameId: 'g-test-1',
      turn: 3,
    });
  });

  it('forks after the last complete turn without a body', async () => {
    const { app, services } = serve();
    await createGame(services, testSpec({ maxTurns: 4 }), { gameId: 'g-idle' });
    const res = await post(app, '/games/g-idle/fork');
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ forkedFrom: { gameId: 'g-idle', turn: 0 } });
  });

  it.each([
    [{ fromTurn: 500 }, 'fromTurn', /at most/],
    [{ fromTurn: -1 }, 'fromTurn', /0 or more/],
    [{ fromTurn: 'two' }, 'fromTurn', /.+/],
    [{ seed: 1.5 }, 'seed', /whole number/],
    [{ changes: { seats: { '9': 'sim' } } }, 'changes.seats.9', /no seat 9/],
    [{ changes: { seats: { first: 'sim' } } }, 'changes.seats.first', /seat number/],
    [{ changes: { judge: [] } }, 'changes.judge', /.+/],
    [{ at: 2 }, '', /at/],
  ])('answers 400 for the fork body %j naming %s', async (body, path, message) => {
    const { app, services } = serve();
    await createGame(services, testSpec({ maxTurns: 4 }), { gameId: 'g-src' });
    const res = await post(app, '/games/g-src/fork', body);
    expect(res.statusCode).toBe(400);
    const issue = errorOf(res.body).issues?.find((i) => i.path === path);
    expect(issue?.message).toMatch(message);
    expect(await services.store.listGames()).toHaveLength(1);
  });

  it('answers 404 for an unknown source game', async () => {
    const { app } = serve();
    const res = await post(app, '/games/g-nope/fork', { fromTurn: 1 });
    expect(res.statusCode).toBe(404);
    expect(errorOf(res.body).code).toBe('ORCH_GAME_NOT_FOUND');
  });
});

describe('GET /games/:id/export', () => {
  it('exports the full log as JSON Lines by default, and as Markdown or HTML', async () => {
    const { app, services } = serve();
    await post(app, '/games', fixtureConfig());
    await ended(app, 'g-test-1');
    const stored = await services.store.load('g-test-1');

    const jsonl = await app.inject({ method: 'GET', url: '/games/g-test-1/export' });
    expect(jsonl.statusCode).toBe(200);
    expect(jsonl.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    expect(jsonl.headers['content-disposition']).toBe('attachment; filename="g-test-1.jsonl"');
    const lines = jsonl.body.trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l) as GameEvent)).toEqual(stored);

    for (const [format, type, ext, marker] of [
      ['markdown', 'text/markdown', 'md', '#'],
      ['md', 'text/markdown', 'md', '#'],
      ['html', 'text/html', 'html', '<html'],
    ] as const) {
      const res = await app.inject({
        method: 'GET',
        url: `/games/g-test-1/export?format=${format}`,
      });
      expect(res.statusCode, format).toBe(200);
      expect(res.headers['content-type'], format).toBe(`${type}; charset=utf-8`);
      expect(res.headers['content-disposition'], format).toBe(
        `attachment; filename="g-test-1.${ext}"`,
      );
      expect(res.body, format).toContain(marker);
    }
  });

  it('answers 400 for an unknown format and 404 for an unknown game', async () => {
    const { app } = serve();
    const bad = await app.inject({ method: 'GET', url: '/games/g-test-1/export?format=pdf' });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad.body).issues?.[0]).toMatchObject({
      path: 'format',
      message: expect.stringMatching(/jsonl.*markdown.*html/),
    });
    const unknown = await app.inject({ method: 'GET', url: '/games/g-nope/export' });
    expect(unknown.statusCode).toBe(404);
  });
});

describe('GET /games filters', () => {
  it('filters by scenario and character, and counts every match', async () => {
    const { app } = serve();
    await post(app, '/games', fixtureConfig());
    await post(app, '/games', fixtureConfig({ players: ['ana', 'bo'], seed: 8 }));
    await ended(app, 'g-test-1');
    await ended(app, 'g-test-2');
    const list = async (query: string) =>
      (await app.inject({ method: 'GET', url: `/games?${query}` })).json<{
        games: Array<{ gameId: string }>;
        total: number;
        limit: number;
        offset: number;
      }>();

    const page = await list('limit=1');
    expect(page).toMatchObject({ total: 2, limit: 1, offset: 0 });
    expect(page.games).toHaveLength(1);
    expect((await list('scenario=test-bridge')).total).toBe(2);
    expect(await list('scenario=atlantis')).toEqual({ games: [], total: 0, limit: 20, offset: 0 });
    const withCy = await list('character=cy');
    expect(withCy.games.map((g) => g.gameId)).toEqual(['g-test-1']);
    expect(withCy.total).toBe(1);
    expect((await list('character=ana&status=ended')).total).toBe(2);
  });

  it.each([
    ['scenario=', 'scenario'],
    ['character=%2Fetc%2Fpasswd', 'character'],
    ['scenario=a&scenario=b', 'scenario'],
  ])('answers 400 for ?%s', async (query, path) => {
    const { app } = serve();
    const res = await app.inject({ method: 'GET', url: `/games?${query}` });
    expect(res.statusCode).toBe(400);
    expect(pathsOf(res.body)).toContain(path);
  });
});
