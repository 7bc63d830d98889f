import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { TOPICS, createInMemoryBus } from '@arena/message-bus';
import type { GameCommand, GameEvent } from '@arena/models';
import { testProfiles, testSpec } from '@arena/models/testing';
import { createGame } from '@arena/orchestration';
import { createMemoryLiveState } from '@arena/persistence';
import type { ErrorBody } from './error-response';
import { openBusEventFeed } from './game-event-feed';
import { GameHost } from './game-host';
import type { GameView } from './game-view';
import { followGame } from './runner-process.fixture';
import {
  createGate,
  eventually,
  fixtureConfig,
  fixtureServices,
  gatedPlayers,
  parseSse,
  quietLogger,
  storeWith,
  testAccess,
  TEST_AUTH,
  type FixtureServices,
} from './runner.fixture';
import { buildServer, type ServerDeps } from './server';

const apps: FastifyInstance[] = [];

function serve(overrides: Partial<FixtureServices> = {}, deps: Partial<ServerDeps> = {}) {
  const services = fixtureServices(overrides);
  let n = 0;
  const app = buildServer({
    services,
    logger: quietLogger,
    newGameId: () => `g-test-${++n}`,
    newSeed: () => 1234,
    access: testAccess,
    ...deps,
  });
  apps.push(app);
  return { app, services };
}

afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

async function create(app: FastifyInstance, body: unknown = fixtureConfig()) {
  return app.inject({ method: 'POST', url: '/games', headers: TEST_AUTH, payload: body as object });
}

async function view(app: FastifyInstance, id: string): Promise<GameView> {
  return (await app.inject({ method: 'GET', url: `/games/${id}` })).json<GameView>();
}

async function ended(app: FastifyInstance, id: string): Promise<GameView> {
  return eventually(
    () => view(app, id),
    (v) => v.status === 'ended',
  );
}

function errorOf(body: string): ErrorBody['error'] {
  return (JSON.parse(body) as ErrorBody).error;
}

describe('POST /games', () => {
  it('answers 201 with the id, seed and links, and plays the game in the background', async () => {
    const { app } = serve();
    const res = await create(app);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({
      id: 'g-test-1',
      seed: 7,
      links: { self: '/games/g-test-1', events: '/games/g-test-1/events' },
    });
    expect(res.headers['location']).toBe('/games/g-test-1');

    const final = await ended(app, 'g-test-1');
    expect(final.ended?.reason).toBeDefined();
    expect(final.scenario).toEqual({
      id: 'test-bridge',
      title: 'A footbridge for a flood-prone town',
    });
    expect(final.players.map((p) => p.characterId)).toEqual(['ana', 'bo', 'cy', 'di']);
    expect(final.standings?.map((s) => s.place)).toEqual([1, 2, 3, 4]);
  });

  it('seeds a game without a seed from the runner', async () => {
    const { app } = serve();
    const res = await create(app, fixtureConfig({ seed: undefined }));
    expect(res.statusCode).toBe(201);
    expect(res.json<{ seed: number }>().seed).toBe(1234);
  });

  it('keeps points hidden while the game runs', async () => {
    const gate = createGate();
    const { app } = serve({ createPlayer: gatedPlayers(gate) });
    await create(app);
    await gate.reached;
    const res = await app.inject({ method: 'GET', url: '/games/g-test-1' });
    const running = res.json<GameView>();
    expect(running.status).toBe('running');
    expect(running.standings).toBeNull();
    expect(running.ended).toBeNull();
    expect(res.body).not.toContain('points');
    gate.open();
    expect((await ended(app, 'g-test-1')).standings).toHaveLength(4);
  });

  it.each([
    ['fewer than 2 players', fixtureConfig({ players: ['ana'] }), 'players', /at least 2/],
    [
      'an unknown mode',
      fixtureConfig({ mode: 'chaos' as never }),
      'mode',
      /competitive.*cooperative.*mixed/,
    ],
    ['an unknown scenario', fixtureConfig({ scenario: 'atlantis' }), 'scenario', /test-bridge/],
    [
      'an unknown character',
      fixtureConfig({ players: ['ana', 'zed'] }),
      'players.1',
      /ana, bo, cy, di/,
    ],
    ['a negative seed', fixtureConfig({ seed: -1 }), 'seed', /.+/],
    [
      'a scenario file path',
      fixtureConfig({ scenario: '/etc/passwd.yaml' }),
      'scenario',
      /file path/,
    ],
    [
      'a character file path',
      fixtureConfig({ players: ['ana', '../bo.yaml'] }),
      'players.1',
      /file path/,
    ],
    [
      'an unavailable model',
      fixtureConfig({ players: ['ana', { character: 'bo', model: 'openai:gpt-4o' }] }),
      null,
      /openai/,
    ],
  ])('answers 400 with the field path for %s', async (_, body, path, message) => {
    const { app } = serve();
    const res = await create(app, body);
    expect(res.statusCode).toBe(400);
    const error = errorOf(res.body);
    if (path !== null) {
      const issue = error.issues?.find((i) => i.path === path);
      expect(issue?.message).toMatch(message);
    } else {
      expect(error.message).toMatch(message);
    }
    expect((await app.inject({ method: 'GET', url: '/games' })).json()).toMatchObject({
      games: [],
      total: 0,
    });
  });

  it('refuses a seat whose model has no key with 400, storing nothing', async () => {
    const { app, services } = serve();
    const players = testProfiles.map((p, i) =>
      i === 0 ? { character: p.id, model: 'openai:gpt-4o-mini' } : p.id,
    );
    const res = await create(app, fixtureConfig({ players }));
    expect(res.statusCode).toBe(400);
    expect(errorOf(res.body)).toMatchObject({ code: 'AGENTS_PROVIDER_NOT_CONFIGURED' });
    expect(errorOf(res.body).message).toContain('OPENAI_API_KEY');
    expect(await services.store.listGames({ limit: 5 })).toEqual([]);
  });

  it('rejects unknown fields instead of ignoring them', async () => {
    const { app } = serve();
    const res = await create(app, { ...fixtureConfig(), maxturns: 3 });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res.body).issues?.[0]?.message).toContain('maxturns');
  });

  it('answers 400 for a body that is not JSON or is missing', async () => {
    const { app } = serve();
    const broken = await app.inject({
      method: 'POST',
      url: '/games',
      headers: { 'content-type': 'application/json', ...TEST_AUTH },
      payload: '{"scenario": ',
    });
    expect(broken.statusCode).toBe(400);
    expect(errorOf(broken.body).code).toBe('RUNNER_INVALID_JSON');

    const missing = await app.inject({ method: 'POST', url: '/games', headers: TEST_AUTH });
    expect(missing.statusCode).toBe(400);
    expect(errorOf(missing.body).code).toBe('ARENA_INVALID_INPUT');
  });

  it('answers 415 for other media types and 413 for oversized bodies', async () => {
    const { app } = serve({}, { bodyLimit: 2048 });
    const text = await app.inject({
      method: 'POST',
      url: '/games',
      headers: { 'content-type': 'text/plain', ...TEST_AUTH },
      payload: 'play a game',
    });
    expect(text.statusCode).toBe(415);
    expect(errorOf(text.body).code).toBe('RUNNER_UNSUPPORTED_MEDIA_TYPE');

    const big = await create(app, { ...fixtureConfig(), scenario: 'x'.repeat(4096) });
    expect(big.statusCode).toBe(413);
    expect(errorOf(big.body).code).toBe('RUNNER_BODY_TOO_LARGE');
  });
});

describe('GET /games', () => {
  it('lists games, filtered by status and paged', async () => {
    const { app } = serve();
    await create(app);
    await create(app, fixtureConfig({ seed: 8 }));
    await ended(app, 'g-test-1');
    await ended(app, 'g-test-2');
    const all = (await app.inject({ method: 'GET', url: '/games' })).json<{
      games: Array<{ gameId: string }>;
    }>();
    expect(all.games.map((g) => g.gameId).sort()).toEqual(['g-test-1', 'g-test-2']);
    const page = await app.inject({ method: 'GET', url: '/games?status=ended&limit=1&offset=1' });
    expect(page.json<{ games: unknown[] }>().games).toHaveLength(1);
    const running = await app.inject({ method: 'GET', url: '/games?status=running' });
    expect(running.json()).toEqual({ games: [], total: 0, limit: 20, offset: 0 });
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=ten', 'limit'],
    ['offset=-1', 'offset'],
    ['status=paused', 'status'],
    ['sort=name', ''],
  ])('answers 400 for ?%s', async (query, path) => {
    const { app } = serve();
    const res = await app.inject({ method: 'GET', url: `/games?${query}` });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res.body).issues?.map((i) => i.path)).toContain(path);
  });
});

describe('GET /games/:id', () => {
  it('answers 404 with a code for an unknown game', async () => {
    const { app } = serve();
    const res = await app.inject({ method: 'GET', url: '/games/g-nope' });
    expect(res.statusCode).toBe(404);
    expect(errorOf(res.body).code).toBe('ORCH_GAME_NOT_FOUND');
  });

  it('answers 400 for an id that cannot be a game id', async () => {
    const { app } = serve();
    const res = await app.inject({ method: 'GET', url: '/games/%24%7Bnope%7D' });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res.body).issues?.[0]?.path).toBe('id');
  });

  it('answers 500 without internals when the store fails', async () => {
    const store = storeWith({
      load: () => Promise.reject(new Error('connection to 10.0.0.7 refused')),
    });
    const { app } = serve({ store });
    const res = await app.inject({ method: 'GET', url: '/games/g-1' });
    expect(res.statusCode).toBe(500);
    expect(errorOf(res.body).code).toBe('RUNNER_INTERNAL');
    expect(res.body).not.toContain('10.0.0.7');
  });
});

describe('GET /games/:id/events', () => {
  function events(body: string): GameEvent[] {
    return parseSse(body).map((m) => JSON.parse(m.data) as GameEvent);
  }

  it('replays a finished game as Server-Sent Events and ends after game_ended', async () => {
    const { app, services } = serve();
    await create(app);
    await ended(app, 'g-test-1');
    const res = await app.inject({ method: 'GET', url: '/games/g-test-1/events' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/event-stream');
    const messages = parseSse(res.body);
    const stored = await services.store.load('g-test-1');
    expect(events(res.body)).toEqual(stored);
    expect(messages.map((m) => m.id)).toEqual(stored.map((e) => String(e.seq)));
    expect(messages.map((m) => m.event)).toEqual(stored.map((e) => e.type));
    expect(messages.at(-1)?.event).toBe('game_ended');
  });

  it('resumes after the seq in Last-Event-ID', async () => {
    const { app, services } = serve();
    await create(app);
    await ended(app, 'g-test-1');
    const stored = await services.store.load('g-test-1');
    const res = await app.inject({
      method: 'GET',
      url: '/games/g-test-1/events',
      headers: { 'last-event-id': '3' },
    });
    expect(events(res.body).map((e) => e.seq)).toEqual(stored.slice(4).map((e) => e.seq));

    const past = await app.inject({
      method: 'GET',
      url: '/games/g-test-1/events',
      headers: { 'last-event-id': String(stored.length - 1) },
    });
    expect(past.statusCode).toBe(200);
    expect(events(past.body)).toEqual([]);
  });

  it('ends open streams when the server closes, and the game stays resumable', async () => {
    const gate = createGate();
    const { app, services } = serve({ createPlayer: gatedPlayers(gate) });
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    await create(app);
    await gate.reached;
    const stream = await fetch(`${base}/games/g-test-1/events`);
    const body = stream.text();

    const closing = app.close();
    const replayed = events(await body);
    gate.open();
    await closing;

    expect(replayed.map((e) => e.type)).toContain('game_created');
    expect(replayed.map((e) => e.type)).not.toContain('game_ended');
    expect((await services.store.getGame('g-test-1'))?.status).toBe('running');
  });

  it('answers 404 for an unknown game and 400 for a malformed Last-Event-ID', async () => {
    const { app } = serve();
    const unknown = await app.inject({ method: 'GET', url: '/games/g-nope/events' });
    expect(unknown.statusCode).toBe(404);
    expect(errorOf(unknown.body).code).toBe('ORCH_GAME_NOT_FOUND');

    await create(app);
    const bad = await app.inject({
      method: 'GET',
      url: '/games/g-test-1/events',
      headers: { 'last-event-id': 'yesterday' },
    });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad.body).issues?.[0]?.path).toBe('last-event-id');
  });
});

describe('GET /games/:id/live', () => {
  it('answers the driver, standings and recent events from live state while the game plays', async () => {
    const gate = createGate();
    const { app } = serve({ createPlayer: gatedPlayers(gate) });
    const { id } = (await create(app)).json<{ id: string }>();
    await gate.reached;

    const playing = await app.inject({ method: 'GET', url: `/games/${id}/live?recent=2` });
    expect(playing.statusCode).toBe(200);
    const body = playing.json<{
      driver: { owner: string; token: number } | null;
      standings: Array<{ playerId: string; place: number }>;
      recent: GameEvent[];
      source: string;
    }>();
    expect(body.driver).toMatchObject({ token: 1 });
    expect(body.standings.map((s) => s.place)).toEqual(testProfiles.map((_, i) => i + 1));
    expect(body.recent).toHaveLength(2);
    expect(body.source).toBe('live');
    gate.open();
    // The driver publishes the last batch, then lets go of the lease.
    const done = await eventually(
      async () =>
        (await app.inject({ method: 'GET', url: `/games/${id}/live` })).json<{
          driver: unknown;
          recent: GameEvent[];
        }>(),
      (read) => read.driver === null,
    );
    expect(done.recent.at(-1)?.type).toBe('game_ended');
  });

  it('answers 404 for an unknown game and 400 for a bad recent count', async () => {
    const { app } = serve();
    const unknown = await app.inject({ method: 'GET', url: '/games/g-none/live' });
    expect(unknown.statusCode).toBe(404);
    const bad = await app.inject({ method: 'GET', url: '/games/g-none/live?recent=500' });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad.body).issues?.[0]?.path).toBe('recent');
  });
});

describe('POST /games/:id/stop and /games/:id/resume (one runner)', () => {
  function command(app: FastifyInstance, id: string, verb: string, payload?: object) {
    return app.inject({
      method: 'POST',
      url: `/games/${id}/${verb}`,
      headers: TEST_AUTH,
      ...(payload ? { payload } : {}),
    });
  }

  it('stops a game played here: 202 with the command, and it ends as an operator stop', async () => {
    const gate = createGate();
    const { app } = serve({ createPlayer: gatedPlayers(gate) });
    await create(app);
    await gate.reached;

    const res = await command(app, 'g-test-1', 'stop');
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({
      id: 'g-test-1',
      command: { id: expect.any(String), type: 'stop_game' },
    });
    gate.open();
    expect((await ended(app, 'g-test-1')).ended?.reason).toBe('aborted');

    const again = await command(app, 'g-test-1', 'stop');
    expect(again.statusCode).toBe(409);
    expect(errorOf(again.body).code).toBe('RUNNER_GAME_NOT_RUNNING');
    const resumed = await command(app, 'g-test-1', 'resume');
    expect(resumed.statusCode).toBe(409);
    expect(errorOf(resumed.body).code).toBe('RUNNER_GAME_ENDED');
  });

  it('answers 409 to stop a game this runner does not play, and resume plays it', async () => {
    const { app, services } = serve();
    await createGame(services, testSpec({ maxTurns: 4 }), { gameId: 'g-idle' });

    const stop = await command(app, 'g-idle', 'stop');
    expect(stop.statusCode).toBe(409);
    expect(errorOf(stop.body)).toMatchObject({
      code: 'RUNNER_GAME_NOT_RUNNING',
      message: expect.stringContaining('not being played by this runner'),
    });
    const resume = await command(app, 'g-idle', 'resume', {});
    expect(resume.statusCode).toBe(202);
    expect(resume.json()).toMatchObject({ id: 'g-idle', command: { type: 'resume_game' } });
    expect((await ended(app, 'g-idle')).ended?.reason).toBe('max_turns');
  });

  it.each([
    ['an unknown game', '/games/g-nope/stop', undefined, 404, 'ORCH_GAME_NOT_FOUND', null],
    ['a malformed id', '/games/%24%7Bnope%7D/resume', undefined, 400, 'ARENA_INVALID_INPUT', 'id'],
    ['a query', '/games/g-test-1/stop?force=1', undefined, 400, 'ARENA_INVALID_INPUT', ''],
    ['a body', '/games/g-test-1/resume', { now: true }, 400, 'ARENA_INVALID_INPUT', ''],
  ])('answers %s with %i', async (_name, url, payload, status, code, path) => {
    const { app } = serve();
    await create(app);
    const res = await app.inject({
      method: 'POST',
      url,
      headers: TEST_AUTH,
      ...(payload ? { payload } : {}),
    });
    expect(res.statusCode).toBe(status);
    const error = errorOf(res.body);
    expect(error.code).toBe(code);
    if (path !== null) expect(error.issues?.map((i) => i.path)).toContain(path);
  });
});

describe('with commands on the bus (distributed runners)', () => {
  it('records a created game and publishes start_game; stop and resume publish their commands', async () => {
    const bus = createInMemoryBus();
    const commands: GameCommand[] = [];
    await bus.subscribe(
      TOPICS.commands,
      (message) => void commands.push(message.value as GameCommand),
    );
    const clock = { now: () => Date.UTC(2026, 4, 1, 12) };
    const services = fixtureServices({ bus, clock });
    const host = new GameHost({ services, logger: quietLogger, owner: 'runner-x' });
    const { app } = serve(services, { host, dispatch: 'bus' });

    const created = await create(app);
    expect(created.statusCode).toBe(201);
    expect((await services.store.getGame('g-test-1'))?.status).toBe('running');
    expect(host.running()).toEqual([]);
    const stop = await app.inject({
      method: 'POST',
      url: '/games/g-test-1/stop',
      headers: TEST_AUTH,
    });
    const resume = await app.inject({
      method: 'POST',
      url: '/games/g-test-1/resume',
      headers: TEST_AUTH,
    });
    expect([stop.statusCode, resume.statusCode]).toEqual([202, 202]);

    await eventually(
      async () => commands.length,
      (n) => n === 3,
    );
    const envelope = {
      schemaVersion: 1,
      gameId: 'g-test-1',
      issuedBy: 'runner-x',
      issuedAt: '2026-05-01T12:00:00.000Z',
    };
    expect(commands).toEqual([
      { ...envelope, id: expect.any(String), type: 'start_game' },
      { ...envelope, id: stop.json<{ command: { id: string } }>().command.id, type: 'stop_game' },
      {
        ...envelope,
        id: resume.json<{ command: { id: string } }>().command.id,
        type: 'resume_game',
      },
    ]);
    expect(new Set(commands.map((c) => c.id)).size).toBe(3);
    await host.shutdown();
  });

  it('streams a game through the bus feed (live state only fills gaps)', async () => {
    const gate = createGate();
    const bus = createInMemoryBus();
    const feed = await openBusEventFeed(bus, () => undefined);
    const live = createMemoryLiveState();
    const { app, services } = serve(
      {
        bus,
        createPlayer: gatedPlayers(gate),
        live: { ...live, subscribe: () => Promise.reject(new Error('live state is not the feed')) },
      },
      { feed },
    );
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    await create(app, fixtureConfig({ maxTurns: 6 }));
    await gate.reached;

    const received = await followGame(base, 'g-test-1', () => gate.open());
    expect(received).toEqual(await services.store.load('g-test-1'));
    expect(received.at(-1)?.type).toBe('game_ended');
    await feed.close();
  });
});

describe('GET /healthz and unknown routes', () => {
  it('answers ok when the store answers', async () => {
    const { app } = serve();
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('answers 503 when the store does not answer', async () => {
    const store = storeWith({ listGames: () => Promise.reject(new Error('closed')) });
    const { app } = serve({ store });
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(503);
    expect(errorOf(res.body).code).toBe('RUNNER_STORE_UNAVAILABLE');
  });

  it('is ready when the store, the bus and live state answer', async () => {
    const { app } = serve();
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'ready',
      accepting: true,
      checks: { store: { ok: true }, bus: { ok: true }, live: { ok: true } },
    });
  });

  it('is unready, naming the dependency and why, when one fails or hangs', async () => {
    const live = createMemoryLiveState();
    const { app } = serve(
      {
        live: { ...live, holder: () => new Promise<never>(() => undefined) },
        store: storeWith({ listGames: () => Promise.reject(new Error('connection refused')) }),
      },
      { readinessTimeoutMs: 50 },
    );
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({
      status: 'unready',
      checks: {
        store: { ok: false, error: 'connection refused' },
        bus: { ok: true },
        live: { ok: false, error: 'no answer within 50 ms' },
      },
    });
  });

  it('is unready once the runner is shutting down, and rejects a query', async () => {
    const services = fixtureServices();
    const host = new GameHost({ services, logger: quietLogger });
    const { app } = serve(services, { host });
    await host.shutdown();
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ status: 'unready', accepting: false });
    const bad = await app.inject({ method: 'GET', url: '/readyz?verbose=1' });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad.body).message).toContain('verbose');
  });

  it('answers 404 as JSON for an unknown route', async () => {
    const { app } = serve();
    const res = await app.inject({ method: 'DELETE', url: '/games?x=1' });
    expect(res.statusCode).toBe(404);
    expect(errorOf(res.body)).toEqual({
      code: 'RUNNER_ROUTE_NOT_FOUND',
      message: 'No route DELETE /games',
    });
  });
});
