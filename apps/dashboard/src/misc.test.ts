import { describe, expect, it } from 'vitest';
import { ApiError, createApi, describeError, listItems, parseJsonl } from './api';
import { generatedAvatar, initialsOf } from './avatar';
import { authorizationOf, invalidInput, recordingFetch } from './recording-fetch.fixture';
import { backoffDelay } from './backoff';
import { layoutChart, niceTicks } from './chart';
import { buildGameConfig, type NewGameForm } from './new-game';
import { href, parseRoute } from './route';
import { loadToken, saveToken, tokenFromHash, type TokenStorage } from './token';

describe('routes', () => {
  it('parses every page and round-trips its link', () => {
    const cases = [
      '#/games',
      '#/games?status=ended&offset=20',
      '#/games/g-1a2b3c4d',
      '#/games/g-1a2b3c4d/replay',
      '#/games/new',
      '#/leaderboard',
      '#/leaderboard?by=model',
      '#/champions',
      '#/champions/ada-quill',
    ];
    for (const hash of cases) expect(href(parseRoute(hash))).toBe(hash);
  });

  it('treats an empty hash and a token link as the games list; bad values fall back', () => {
    expect(parseRoute('')).toEqual({ page: 'games', status: null, offset: 0 });
    expect(parseRoute('#token=abc')).toEqual({ page: 'games', status: null, offset: 0 });
    expect(parseRoute('#/games?status=bogus&offset=-4')).toEqual({
      page: 'games',
      status: null,
      offset: 0,
    });
    expect(parseRoute('#/games/..%2Fetc/replay')).toEqual({
      page: 'not_found',
      path: '/games/..%2Fetc/replay',
    });
    expect(parseRoute('#/nowhere')).toEqual({ page: 'not_found', path: '/nowhere' });
  });
});

describe('token', () => {
  const memory = (): TokenStorage & { data: Map<string, string> } => {
    const data = new Map<string, string>();
    return {
      data,
      getItem: (k) => data.get(k) ?? null,
      setItem: (k, v) => void data.set(k, v),
      removeItem: (k) => void data.delete(k),
    };
  };

  it('reads the token from a dashboard link', () => {
    expect(tokenFromHash('#token=abc123')).toBe('abc123');
    expect(tokenFromHash('#token=a%2Bb&x=1')).toBe('a+b');
    expect(tokenFromHash('#token=')).toBeNull();
    expect(tokenFromHash('#/games')).toBeNull();
    expect(tokenFromHash('#token=%E0%A4%A')).toBeNull();
  });

  it('keeps the token in storage and forgets an empty one', () => {
    const storage = memory();
    saveToken(storage, ' t1 ');
    expect(loadToken(storage)).toBe('t1');
    saveToken(storage, '');
    expect(loadToken(storage)).toBeNull();
    expect(loadToken(undefined)).toBeNull();
  });
});

describe('api', () => {
  it('sends the bearer token and reads error bodies', async () => {
    const { fetch, seen } = recordingFetch(
      400,
      invalidInput('bad config', { path: 'players', message: 'too few' }),
    );
    const api = createApi(() => 'tok', 'http://runner', fetch);
    const error = await api.createGame({ scenario: 'x' }, false).catch((e: unknown) => e);
    expect(seen[0]?.url).toBe('http://runner/games?start=false');
    expect(authorizationOf(seen[0])).toBe('Bearer tok');
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'ARENA_INVALID_INPUT' });
    expect(describeError(error)).toBe('bad config (players: too few) [400]');
  });

  it('explains a 401 and a network failure', async () => {
    const api = createApi(
      () => null,
      '',
      async () => {
        throw new TypeError('Failed to fetch');
      },
    );
    const error = await api.command('g-1', 'start').catch((e: unknown) => e);
    expect(describeError(error)).toMatch(/cannot be reached/);
    expect(describeError(new ApiError(401, 'RUNNER_UNAUTHORIZED', 'no'))).toMatch(
      /Unauthorized \(401\).*token/,
    );
  });

  it('parses a JSON Lines export and list answers of either shape', () => {
    expect(parseJsonl('{"seq":0}\n\n{"seq":1}\n').map((e) => e.seq)).toEqual([0, 1]);
    expect(() => parseJsonl('{"seq":0}\nnope')).toThrow(/line 2/);
    expect(listItems([{ id: 'a' }], 'characters')).toEqual([{ id: 'a' }]);
    expect(listItems({ characters: [{ id: 'b' }] }, 'characters')).toEqual([{ id: 'b' }]);
    expect(listItems({ items: [{ id: 'c' }] }, 'characters')).toEqual([{ id: 'c' }]);
    expect(listItems('nope', 'characters')).toEqual([]);
  });
});

describe('new game form', () => {
  const form: NewGameForm = {
    scenario: 'city-water',
    players: ['ada', 'bo', ''],
    model: '',
    seed: '42',
    maxTurns: '12',
    policy: 'round-robin',
    mode: '',
    extra: '{"rules": {"elimination": {"warmupRounds": 1}}, "maxTurns": 9}',
  };

  it('builds the config, merging the extra JSON over the fields', () => {
    expect(buildGameConfig(form)).toEqual({
      ok: true,
      config: {
        scenario: 'city-water',
        players: ['ada', 'bo'],
        seed: 42,
        maxTurns: 9,
        policy: 'round-robin',
        rules: { elimination: { warmupRounds: 1 } },
      },
    });
    const withModel = buildGameConfig({ ...form, model: 'sim', extra: '' });
    expect(withModel.ok && withModel.config['players']).toEqual([
      { character: 'ada', model: 'sim' },
      { character: 'bo', model: 'sim' },
    ]);
  });

  it('names each wrong field', () => {
    const result = buildGameConfig({
      ...form,
      scenario: ' ',
      players: ['solo'],
      seed: '-1',
      maxTurns: '2.5',
      extra: '[1]',
    });
    expect(result.ok ? [] : result.errors.map((e) => e.field)).toEqual([
      'scenario',
      'players',
      'seed',
      'maxTurns',
      'extra',
    ]);
    const badJson = buildGameConfig({ ...form, extra: '{oops' });
    expect(badJson.ok ? '' : badJson.errors[0]?.message).toMatch(/is not JSON/);
  });
});

describe('avatars, backoff and chart', () => {
  it('makes initials and a stable colour per id', () => {
    expect(initialsOf('Ada Quill')).toBe('AQ');
    expect(initialsOf('juno')).toBe('J');
    expect(initialsOf('  ')).toBe('?');
    expect(initialsOf('Pix Nakamura-Holt')).toBe('PH');
    expect(generatedAvatar('ada', 'Ada')).toEqual(generatedAvatar('ada', 'Ada'));
    expect(generatedAvatar('ada', 'Ada').background).not.toBe(
      generatedAvatar('bo', 'Ada').background,
    );
  });

  it('backs off exponentially up to the cap, with bounded jitter', () => {
    expect([0, 1, 2, 3, 10].map((a) => backoffDelay(a, { jitter: 0 }))).toEqual([
      500, 1000, 2000, 4000, 15000,
    ]);
    expect(backoffDelay(0, { jitter: 0.2 }, () => 0.999)).toBeGreaterThanOrEqual(400);
  });

  it('lays out one line per player from (0, 0) through its samples', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    const box = { width: 100, height: 100, padding: { top: 0, right: 0, bottom: 0, left: 0 } };
    const layout = layoutChart(
      ['P1', 'P2'],
      [
        { seq: 3, turn: 1, playerId: 'P1', points: 1 },
        { seq: 6, turn: 2, playerId: 'P1', points: -1 },
      ],
      box,
      2,
    );
    expect(layout.series[0]?.points).toEqual([
      [0, 50],
      [50, 0],
      [100, 100],
    ]);
    expect(layout.series[1]?.points).toEqual([[0, 50]]);
    expect(layout.zeroY).toBe(50);
  });
});
