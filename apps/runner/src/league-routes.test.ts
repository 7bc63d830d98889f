import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimPlayer } from '@arena/agents';
import { createMemoryEventStore } from '@arena/persistence';
import { conservativeRating, createRatingUpdater, ratingInterval } from '@arena/scoring';
import type { ErrorBody } from './error-response';
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
import type { LeaderboardEntry } from './league-routes';
import { buildServer } from './server';

const apps: FastifyInstance[] = [];

afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

/** A server whose store rates finished games, as the runner's does. */
function serve(overrides: Partial<FixtureServices> = {}) {
  const services = fixtureServices({
    store: createMemoryEventStore({ ratings: createRatingUpdater() }),
    // Every model spec is played by the simulated player, so seats can differ in model.
    createPlayer: () => createSimPlayer(),
    ...overrides,
  });
  let n = 0;
  const app = buildServer({
    services,
    logger: quietLogger,
    access: testAccess,
    newGameId: () => `g-test-${++n}`,
    newSeed: () => 1234,
  });
  apps.push(app);
  return { app, services };
}

const get = (app: FastifyInstance, url: string) => app.inject({ method: 'GET', url });
const post = (app: FastifyInstance, url: string, payload: unknown, auth = true) =>
  app.inject({ method: 'POST', url, headers: auth ? TEST_AUTH : {}, payload: payload as object });
const errorOf = (body: string) => (JSON.parse(body) as ErrorBody).error;

async function playGame(app: FastifyInstance, config = fixtureConfig()): Promise<GameView> {
  const res = await post(app, '/games', config);
  expect(res.statusCode).toBe(201);
  const id = res.json<{ id: string }>().id;
  return eventually(
    async () => (await get(app, `/games/${id}`)).json<GameView>(),
    (v) => v.status === 'ended',
  );
}

/** Two games where one seat plays another model, so both pools are rated. */
async function playTwoGames(app: FastifyInstance): Promise<GameView[]> {
  const players = [{ character: 'ana', model: 'ollama:llama3' }, 'bo', 'cy', 'di'];
  return [
    await playGame(app, fixtureConfig({ players, seed: 7 })),
    await playGame(app, fixtureConfig({ players, seed: 8 })),
  ];
}

/** The character id of a game's winner. */
function winnerOf(game: GameView): string | undefined {
  const first = game.standings?.find((s) => s.place === 1);
  return game.players.find((p) => p.id === first?.playerId)?.characterId;
}

describe('GET /leaderboard', () => {
  it('is empty before any game ended', async () => {
    const { app } = serve();
    const res = await get(app, '/leaderboard');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ by: 'character', entries: [] });
  });

  it('ranks characters after games, as arena leaderboard computes it', async () => {
    const { app, services } = serve();
    const games = await playTwoGames(app);
    const res = await get(app, '/leaderboard');
    expect(res.statusCode).toBe(200);
    const { by, entries } = res.json<{ by: string; entries: LeaderboardEntry[] }>();
    expect(by).toBe('character');
    expect(entries.map((e) => e.rank)).toEqual([1, 2, 3, 4]);
    expect(entries.map((e) => e.id).sort()).toEqual(['ana', 'bo', 'cy', 'di']);
    const rows = await services.store.listRatings({ pool: 'character' });
    expect(entries).toEqual(
      rows.map((row, i) => ({
        rank: i + 1,
        id: row.key,
        name: row.key.charAt(0).toUpperCase() + row.key.slice(1),
        rating: conservativeRating(row),
        mu: row.mu,
        sigma: row.sigma,
        low: ratingInterval(row).low,
        high: ratingInterval(row).high,
        games: 2,
        wins: row.wins,
      })),
    );
    const ratings = entries.map((e) => e.rating);
    expect(ratings).toEqual([...ratings].sort((a, b) => b - a));
    for (const e of entries) {
      expect(e.low).toBeLessThan(e.high);
      expect(e.mu).toBeCloseTo((e.low + e.high) / 2, 9);
    }
    for (const id of new Set(games.map(winnerOf))) {
      const won = games.filter((g) => winnerOf(g) === id).length;
      expect(entries.find((e) => e.id === id)?.wins).toBe(won);
    }
  });

  it('ranks models with --by model semantics and honours the limit', async () => {
    const { app } = serve();
    await playTwoGames(app);
    const models = (await get(app, '/leaderboard?by=model')).json<{
      entries: LeaderboardEntry[];
    }>();
    expect(models.entries.map((e) => e.id).sort()).toEqual(['ollama:llama3', 'sim']);
    for (const e of models.entries) expect(e).not.toHaveProperty('name');
    const limited = (await get(app, '/leaderboard?limit=2')).json<{
      entries: LeaderboardEntry[];
    }>();
    expect(limited.entries.map((e) => e.rank)).toEqual([1, 2]);
  });

  it.each([
    ['an unknown pool', 'by=team', 'by', /character, model/],
    ['a limit of 0', 'limit=0', 'limit', /at least 1/],
    ['a limit above 500', 'limit=501', 'limit', /at most 500/],
    ['a limit that is not a number', 'limit=ten', 'limit', /whole number/],
    ['a fractional limit', 'limit=1.5', 'limit', /whole number/],
    ['an unknown parameter', 'order=asc', '', /order/],
  ])('answers 400 with the field path for %s', async (_, query, path, message) => {
    const { app } = serve();
    const res = await get(app, `/leaderboard?${query}`);
    expect(res.statusCode).toBe(400);
    const issue = errorOf(res.body).issues?.find((i) => i.path === path);
    expect(issue?.message).toMatch(message);
  });
});

describe('GET /champions', () => {
  it('lists no champions before any game', async () => {
    const { app } = serve();
    expect((await get(app, '/champions')).json()).toEqual({ champions: [] });
  });

  it('shows the winner of a game as a champion, with its memory and history', async () => {
    const { app } = serve();
    const game = await playGame(app);
    const winner = winnerOf(game);
    expect(winner).toBeDefined();
    const list = (await get(app, '/champions')).json<{
      champions: Array<{ characterId: string; version: number; record: object }>;
    }>();
    const champion = list.champions.find((c) => c.characterId === winner);
    expect(champion).toMatchObject({ version: 1, record: { games: 1, wins: 1 } });

    const res = await get(app, `/champions/${winner}`);
    expect(res.statusCode).toBe(200);
    const shown = res.json<{
      characterId: string;
      memory: string;
      lastGameId: string;
      history: Array<{ version: number; gameId: string; outcome: string; lessons: string[] }>;
    }>();
    expect(shown).toMatchObject({ characterId: winner, lastGameId: game.id, version: 1 });
    expect(shown.memory.length).toBeGreaterThan(0);
    expect(shown.history).toHaveLength(1);
    expect(shown.history[0]).toMatchObject({ version: 1, gameId: game.id, outcome: 'won' });
  });

  it('answers 404 for an unknown champion and 400 for a malformed id', async () => {
    const { app } = serve();
    const unknown = await get(app, '/champions/zed');
    expect(unknown.statusCode).toBe(404);
    expect(errorOf(unknown.body)).toMatchObject({ code: 'RUNNER_CHAMPION_NOT_FOUND' });
    expect(errorOf(unknown.body).message).toContain('none yet');
    const malformed = await get(app, '/champions/Not%20an%20id');
    expect(malformed.statusCode).toBe(400);
    expect(errorOf(malformed.body).issues?.[0]?.path).toBe('id');
  });
});

const SERIES = {
  format: 'round-robin',
  scenario: 'test-bridge',
  entrants: ['ana', 'bo', 'cy', 'di'],
  rounds: 2,
  maxTurns: 6,
  seed: 3,
  id: 'cup-1',
};

interface SeriesView {
  seriesId: string;
  status: string;
  standings: unknown;
  games: Array<{ gameId: string; status: string; finish: string[] }>;
  run: { active: boolean; failure: unknown } | null;
}

describe('series', () => {
  it('starts a series in the background and shows it as it ends', async () => {
    const { app } = serve();
    const res = await post(app, '/series', SERIES);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ id: 'cup-1', links: { self: '/series/cup-1' } });
    expect(res.headers['location']).toBe('/series/cup-1');

    const ended = await eventually(
      async () => (await get(app, '/series/cup-1')).json<SeriesView>(),
      (s) => s.status === 'ended',
    );
    expect(ended.games.map((g) => g.gameId)).toEqual(['cup-1-r1-g0', 'cup-1-r2-g1']);
    for (const g of ended.games) {
      expect(g.status).toBe('ended');
      expect([...g.finish].sort()).toEqual(['ana', 'bo', 'cy', 'di']);
    }
    expect(ended.standings).not.toBeNull();
    expect(ended.run).toEqual({ active: false, failure: null });

    const list = (await get(app, '/series')).json<{ series: Array<{ seriesId: string }> }>();
    expect(list.series.map((s) => s.seriesId)).toEqual(['cup-1']);
    // Series games are ordinary games: rated and listed.
    const board = (await get(app, '/leaderboard')).json<{ entries: LeaderboardEntry[] }>();
    expect(board.entries.every((e) => e.games === 2)).toBe(true);
  });

  it('fills the defaults of arena series run and derives the id', async () => {
    const { app } = serve();
    const res = await post(app, '/series', {
      format: 'king-of-the-hill',
      scenario: 'test-bridge',
      entrants: ['ana', 'bo', 'cy'],
      seatsPerGame: 2,
      games: 1,
      maxTurns: 4,
    });
    expect(res.statusCode).toBe(201);
    const id = res.json<{ id: string }>().id;
    expect(id).toMatch(/^s-[0-9a-f]{8}$/);
    const ended = await eventually(
      async () => (await get(app, `/series/${id}`)).json<SeriesView>(),
      (s) => s.status === 'ended',
    );
    expect(ended.games).toHaveLength(1);
  });

  it('answers 409 for a series id that exists', async () => {
    const { app } = serve();
    expect((await post(app, '/series', SERIES)).statusCode).toBe(201);
    const again = await post(app, '/series', SERIES);
    expect(again.statusCode).toBe(409);
    expect(errorOf(again.body).code).toBe('RUNNER_SERIES_EXISTS');
    await eventually(
      async () => (await get(app, '/series/cup-1')).json<SeriesView>(),
      (s) => s.status === 'ended',
    );
  });

  it.each([
    ['no format', { ...SERIES, format: undefined }, 'format', /king-of-the-hill/],
    ['an unknown format', { ...SERIES, format: 'ladder' }, 'format', /round-robin/],
    ['too many seats', { ...SERIES, seatsPerGame: 9 }, 'seatsPerGame', /at most 8/],
    ['a field of another format', { ...SERIES, games: 3 }, '', /games.*not allowed/],
    [
      'a repeated entrant',
      { ...SERIES, entrants: ['ana', 'ana', 'bo', 'cy'] },
      'entrants.1',
      /already entrant/,
    ],
    [
      'an entrant file path',
      { ...SERIES, entrants: ['ana', '../bo.yaml', 'cy', 'di'] },
      'entrants.1',
      /file path/,
    ],
    ['a scenario file path', { ...SERIES, scenario: '/etc/passwd.yaml' }, 'scenario', /file path/],
    [
      'an unknown character',
      { ...SERIES, entrants: ['ana', 'zed', 'cy', 'di'] },
      'entrants.1',
      /unknown character/,
    ],
    ['an unknown scenario', { ...SERIES, scenario: 'atlantis' }, 'scenario', /unknown scenario/],
    ['a bad series id', { ...SERIES, id: 'no spaces' }, 'id', /letters, digits/],
    ['a negative seed', { ...SERIES, seed: -1 }, 'seed', /at least 0/],
    ['a body that is not an object', ['ana', 'bo'], '', /series definition/],
  ])('answers 400 with the field path for %s, storing nothing', async (_, body, path, message) => {
    const { app, services } = serve();
    const res = await post(app, '/series', body);
    expect(res.statusCode).toBe(400);
    const issue = errorOf(res.body).issues?.find((i) => i.path === path);
    expect(issue, res.body).toBeDefined();
    expect(issue?.message).toMatch(message);
    expect(await services.store.listSeries()).toEqual([]);
    expect(await services.store.listGames({ limit: 5 })).toEqual([]);
  });

  it('needs a bearer token to start a series', async () => {
    const { app } = serve();
    const res = await post(app, '/series', SERIES, false);
    expect(res.statusCode).toBe(401);
  });

  it('answers 404 for an unknown series and 400 for a malformed id', async () => {
    const { app } = serve();
    const unknown = await get(app, '/series/nope');
    expect(unknown.statusCode).toBe(404);
    expect(errorOf(unknown.body).code).toBe('RUNNER_SERIES_NOT_FOUND');
    const malformed = await get(app, '/series/-bad');
    expect(malformed.statusCode).toBe(400);
    expect(errorOf(malformed.body).issues?.[0]?.path).toBe('id');
  });

  it('stops a running series when the server closes, leaving it resumable', async () => {
    const gate = createGate();
    const { app, services } = serve({ createPlayer: gatedPlayers(gate) });
    apps.splice(apps.indexOf(app), 1);
    expect((await post(app, '/series', SERIES)).statusCode).toBe(201);
    await gate.reached;
    const running = (await get(app, '/series/cup-1')).json<SeriesView>();
    expect(running.run).toEqual({ active: true, failure: null });
    const closed = app.close();
    gate.open();
    await closed;
    const record = await services.store.getSeries('cup-1');
    expect(record?.status).toBe('running');
    const games = await services.store.seriesGames('cup-1');
    expect(games.map((g) => g.status)).toEqual(['running']);
  });
});
