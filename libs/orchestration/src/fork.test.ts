import { describe, expect, it } from 'vitest';
import { createInMemoryBus } from '@arena/message-bus';
import {
  foldGame,
  hasErrorCode,
  steppingClock,
  type GameEvent,
  type GameSpec,
} from '@arena/models';
import { testSpec } from '@arena/models/testing';
import { createMemoryEventStore } from '@arena/persistence';
import { ORCHESTRATION_ERROR_CODES } from './errors';
import { forkGame, lastForkableTurn } from './fork';
import { createGame, playGame, runGame } from './games';

function services() {
  return { store: createMemoryEventStore(), bus: createInMemoryBus(), clock: steppingClock() };
}

const spec = (overrides: Partial<GameSpec> = {}) =>
  testSpec({ maxTurns: 40, policy: 'weighted', seed: 5, ...overrides });

async function playedSource(s: ReturnType<typeof services>, gameId = 'g-src') {
  await playGame(s, spec(), { gameId });
  return s.store.load(gameId);
}

/** An event as it reads in any game: no ids, times or latencies. */
function comparable(e: GameEvent, gameId: string) {
  const payload = e.type === 'model_call' ? { ...e.payload, latencyMs: 0 } : (e.payload as unknown);
  const local = (id: string | null) => id?.replace(`${gameId}:`, '') ?? null;
  return {
    seq: e.seq,
    type: e.type,
    causationId: local(e.causationId),
    payload:
      e.type === 'ground_truth'
        ? { ...(payload as object), subjectId: local(e.payload.subjectId) }
        : payload,
  };
}

const turnStartIndex = (events: readonly GameEvent[], turn: number) =>
  events.findIndex((e) => e.type === 'turn_started' && e.payload.turn === turn);

async function expectRejected(promise: Promise<unknown>, code: string, path?: string) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(hasErrorCode(error, code)).toBe(true);
  if (path)
    expect((error as { details: { issues: { path: string }[] } }).details.issues).toEqual(
      expect.arrayContaining([expect.objectContaining({ path })]),
    );
}

describe('forkGame', () => {
  it('with the same seed and models plays out exactly as the source did', async () => {
    const s = services();
    const source = await playedSource(s);
    expect(turnStartIndex(source, 11)).toBeGreaterThan(0);
    const forked = await forkGame(s, source, { gameId: 'g-fork', at: 10 });
    expect(forked.gameId).toBe('g-fork');
    expect(forked.turn).toBe(10);
    expect(forked.status).toBe('running');

    const stored = await s.store.load('g-fork');
    const cut = stored.length;
    expect(stored[cut - 1]?.type).not.toBe('turn_started');
    expect(source[cut]?.type === 'turn_started' || source[cut]?.type === 'phase_changed').toBe(
      true,
    );
    expect(source.slice(turnStartIndex(source, 11)).every((e) => e.seq >= cut)).toBe(true);

    const final = await runGame(s, 'g-fork');
    expect(final.status).toBe('ended');
    const fork = await s.store.load('g-fork');
    expect(fork.map((e) => comparable(e, 'g-fork')).slice(1)).toEqual(
      source.map((e) => comparable(e, 'g-src')).slice(1),
    );
    expect(fork.every((e) => e.gameId === 'g-fork' && e.id === `g-fork:${e.seq}`)).toBe(true);
    expect(final.ended).toEqual((await runGame(s, 'g-src')).ended);
  });

  it('records the overrides and the origin, and leaves the source untouched', async () => {
    const s = services();
    const source = await playedSource(s);
    await forkGame(s, source, {
      gameId: 'g-what-if',
      at: 10,
      seats: { 2: 'ollama:llama3.1:8b' },
      judge: ['sim', 'sim'],
      seed: 99,
    });
    const [created] = await s.store.load('g-what-if');
    expect(created?.type).toBe('game_created');
    if (created?.type !== 'game_created') return;
    expect(created.payload.forkOf).toEqual({ gameId: 'g-src', turn: 10 });
    expect(created.payload.spec.seed).toBe(99);
    expect(created.payload.spec.seats.map((seat) => seat.model)).toEqual([
      'sim',
      'ollama:llama3.1:8b',
      'sim',
      'sim',
    ]);
    expect(created.payload.spec.officials.judge).toEqual(['sim', 'sim']);
    expect(await s.store.load('g-src')).toEqual(source);
  });

  it('with another seed finishes a game of its own after the copied turns', async () => {
    const s = services();
    const source = await playedSource(s);
    await forkGame(s, source, { gameId: 'g-seed', at: 10, seed: 99 });
    const final = await runGame(s, 'g-seed');
    expect(final.status).toBe('ended');
    const fork = await s.store.load('g-seed');
    const cut = turnStartIndex(fork, 11);
    expect(fork.slice(1, cut).map((e) => comparable(e, 'g-seed'))).toEqual(
      source.slice(1, cut).map((e) => comparable(e, 'g-src')),
    );
    expect(fork.slice(cut).map((e) => comparable(e, 'g-seed'))).not.toEqual(
      source.slice(cut).map((e) => comparable(e, 'g-src')),
    );
  });

  it('at turn 0 copies nothing but game_created', async () => {
    const s = services();
    const source = await playedSource(s);
    const forked = await forkGame(s, source, { gameId: 'g-zero', at: 0 });
    expect(forked.turn).toBe(0);
    expect(forked.messages).toEqual([]);
    const stored = await s.store.load('g-zero');
    expect(stored.map((e) => e.type)).toEqual(['game_created']);
    await runGame(s, 'g-zero');
    const fork = await s.store.load('g-zero');
    expect(fork.map((e) => comparable(e, 'g-zero')).slice(1)).toEqual(
      source.map((e) => comparable(e, 'g-src')).slice(1),
    );
  });

  it('copies the whole log of a suspended game at its last turn', async () => {
    const s = services();
    await createGame(s, spec(), { gameId: 'g-open' });
    const suspend = new AbortController();
    let batches = 0;
    await runGame(s, 'g-open', {
      suspend: suspend.signal,
      onEvents: () => {
        batches += 1;
        if (batches === 5) suspend.abort();
      },
    });
    const source = await s.store.load('g-open');
    const turn = lastForkableTurn(foldGame(source));
    expect(turn).toBeGreaterThan(0);
    const forked = await forkGame(s, source, { gameId: 'g-f2', at: turn });
    expect(forked.turn).toBe(turn);
    expect((await s.store.load('g-f2')).length).toBe(source.length);
  });

  it('rejects bad options, naming the field, and writes nothing', async () => {
    const s = services();
    const source = await playedSource(s);
    const last = source.filter((e) => e.type === 'turn_started').length - 1;
    const bad = ORCHESTRATION_ERROR_CODES.INVALID_FORK_OPTIONS;
    await expectRejected(forkGame(s, source, { gameId: 'g-x', at: last + 1 }), bad, 'at');
    await expectRejected(forkGame(s, source, { gameId: 'g-x', at: -1 }), bad, 'at');
    await expectRejected(forkGame(s, source, { gameId: 'g-x', at: 1.5 }), bad, 'at');
    await expectRejected(
      forkGame(s, source, { gameId: 'g-x', at: 3, seats: { 9: 'sim' } }),
      bad,
      'seats.9',
    );
    await expectRejected(
      forkGame(s, source, { gameId: 'g-x', at: 3, seats: { 2: 'gpt-5' } }),
      bad,
      'seats.2',
    );
    await expectRejected(forkGame(s, source, { gameId: 'g-x', at: 3, judge: [] }), bad, 'judge');
    await expectRejected(forkGame(s, source, { gameId: '', at: 3 }), bad, 'gameId');
    await expectRejected(
      forkGame(s, source, { gameId: 'g-src', at: 3 }),
      ORCHESTRATION_ERROR_CODES.GAME_EXISTS,
    );
    await expectRejected(
      forkGame(s, [], { gameId: 'g-x', at: 0 }),
      ORCHESTRATION_ERROR_CODES.GAME_NOT_FOUND,
    );
    await forkGame(s, source, { gameId: 'g-last', at: last });
    expect(await s.store.load('g-x')).toEqual([]);
    expect(await s.store.load('g-src')).toEqual(source);
  });
});
