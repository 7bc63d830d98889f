import { describe, expect, it } from 'vitest';
import { ApiError, createApi } from './api';
import { authorizationOf, invalidInput, recordingFetch } from './recording-fetch.fixture';
import {
  buildForkRequest,
  canFork,
  forkErrorLines,
  forkRange,
  initialForkForm,
  type ForkForm,
  type ForkSource,
} from './fork';

const players = [
  { seat: 1, model: 'sim' },
  { seat: 2, model: 'sim' },
  { seat: 3, model: 'anthropic:claude-x' },
];
const ended: ForkSource = { status: 'ended', turn: 9, players };
const running: ForkSource = { status: 'running', turn: 5, players };
const form = (patch: Partial<ForkForm> = {}): ForkForm => ({
  ...initialForkForm(ended),
  ...patch,
});

describe('fork range', () => {
  it('ends before the last turn of an ended game, as the runner does', () => {
    expect(forkRange(ended)).toEqual({ min: 0, max: 8, lastComplete: 8 });
    expect(forkRange({ status: 'ended', turn: 0 })).toEqual({ min: 0, max: 0, lastComplete: 0 });
  });

  it("allows a running game's current turn but defaults to the one before it", () => {
    expect(forkRange(running)).toEqual({ min: 0, max: 5, lastComplete: 4 });
  });

  it('offers a fork only once a turn is complete', () => {
    expect(canFork({ status: 'running', turn: 0 })).toBe(false);
    expect(canFork({ status: 'running', turn: 1 })).toBe(false);
    expect(canFork({ status: 'running', turn: 2 })).toBe(true);
    expect(canFork({ status: 'ended', turn: 1 })).toBe(false);
    expect(canFork({ status: 'ended', turn: 2 })).toBe(true);
  });
});

describe('fork form', () => {
  it('opens at the last complete turn with every seat and the seed empty', () => {
    expect(initialForkForm(running)).toEqual({
      fromTurn: '4',
      seed: '',
      seats: { 1: '', 2: '', 3: '' },
      judge: '',
    });
  });

  it('sends only the turn when nothing else is changed', () => {
    expect(buildForkRequest(ended, form())).toEqual({ ok: true, body: { fromTurn: 8 } });
    expect(buildForkRequest(ended, form({ fromTurn: ' 0 ', seats: { 1: ' ' } }))).toEqual({
      ok: true,
      body: { fromTurn: 0 },
    });
  });

  it('builds the seed, seat models and judge panel that were filled in', () => {
    expect(
      buildForkRequest(
        running,
        form({
          fromTurn: '5',
          seed: '4294967295',
          seats: { 1: '', 2: ' openai:gpt-x ', 3: 'sim' },
          judge: 'sim, anthropic:claude-x,,',
        }),
      ),
    ).toEqual({
      ok: true,
      body: {
        fromTurn: 5,
        seed: 4294967295,
        changes: { seats: { 2: 'openai:gpt-x', 3: 'sim' }, judge: ['sim', 'anthropic:claude-x'] },
      },
    });
  });

  it.each([
    ['9', /from 0 to 8/],
    ['-1', /whole number from 0 to 8/],
    ['2.5', /whole number/],
    ['', /whole number/],
    ['1e3', /whole number/],
    ['two', /whole number/],
  ])('refuses the turn %j', (fromTurn, message) => {
    const result = buildForkRequest(ended, form({ fromTurn }));
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors).toEqual([
      { path: 'fromTurn', message: expect.stringMatching(message) },
    ]);
  });

  it('says a game without a complete turn forks only at 0', () => {
    const fresh: ForkSource = { status: 'ended', turn: 1, players };
    const result = buildForkRequest(fresh, { ...initialForkForm(fresh), fromTurn: '1' });
    expect(result.ok ? '' : result.errors[0]?.message).toMatch(/must be 0/);
  });

  it('names every wrong field by its path in the request body', () => {
    const result = buildForkRequest(
      ended,
      form({
        fromTurn: '12',
        seed: '4294967296',
        seats: { 1: 'sim', 2: 'open ai', 7: 'sim' },
        judge: 'a, b, c, d, e, f',
      }),
    );
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual([
      'fromTurn',
      'seed',
      'changes.seats.2',
      'changes.seats.7',
      'changes.judge',
    ]);
    const spaced = buildForkRequest(ended, form({ judge: 'sim anthropic:x' }));
    expect(spaced.ok ? '' : spaced.errors[0]?.message).toMatch(/commas/);
  });
});

describe('fork request', () => {
  it('posts the body with the token and lists the field paths of a 400', async () => {
    const { fetch, seen } = recordingFetch(
      400,
      invalidInput('Invalid body in POST /games/:id/fork:\n  - changes.seats.2: must be "sim"', {
        path: 'changes.seats.2',
        message: 'must be "sim", …',
      }),
    );
    const api = createApi(() => 'tok', '', fetch);
    const error = await api
      .fork('g-1', { fromTurn: 2, changes: { seats: { 2: 'x' } } })
      .catch((e: unknown) => e);
    expect(seen[0]?.url).toBe('/games/g-1/fork');
    expect(seen[0]?.init?.method).toBe('POST');
    expect(seen[0]?.init?.body).toBe('{"fromTurn":2,"changes":{"seats":{"2":"x"}}}');
    expect(authorizationOf(seen[0])).toBe('Bearer tok');
    expect(forkErrorLines(error)).toEqual([
      'The runner refused the fork (400): Invalid body in POST /games/:id/fork.',
      'changes.seats.2: must be "sim", …',
    ]);
  });

  it('reads the created fork', async () => {
    const answer = {
      id: 'g-2',
      seed: 7,
      forkedFrom: { gameId: 'g-1', turn: 3 },
      links: { self: '/games/g-2', events: '/games/g-2/events' },
    };
    const api = createApi(
      () => null,
      '',
      async () => new Response(JSON.stringify(answer), { status: 201 }),
    );
    expect(await api.fork('g-1', { fromTurn: 3 })).toEqual(answer);
  });

  it('explains a 401 like every other control, and other failures by their message', () => {
    expect(forkErrorLines(new ApiError(401, 'RUNNER_UNAUTHORIZED', 'no'))).toEqual([
      expect.stringMatching(/^Unauthorized \(401\).*Token field/),
    ]);
    expect(forkErrorLines(new ApiError(404, 'ORCH_GAME_NOT_FOUND', 'No game g-9'))).toEqual([
      'Not found (404): No game g-9',
    ]);
    expect(forkErrorLines(new ApiError(400, 'X', 'Bad'))).toEqual(['Bad [400]']);
  });
});
