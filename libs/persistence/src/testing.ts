/**
 * The {@link EventStore} contract as a vitest suite, for every implementation (in-memory,
 * PGlite, Postgres). Import from `@arena/persistence/testing`; never shipped in the main barrel.
 */
import { DIMENSIONS, type GameEvent, type GameSpec, type NewEvent } from '@arena/models';
import { buildLog, testSpec } from '@arena/models/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERSISTENCE_ERROR_CODES } from './errors';
import type { EventStore, EventStoreOptions, GameSummary } from './event-store';
import { contractRatingUpdater, recordsContract } from './records-contract';

export { PLAYED_GAME_MODELS, playedGameLog, testRatingUpdater } from './played-game';
export type { PlayedGameOptions } from './played-game';
export { contractRatingUpdater } from './records-contract';
export {
  TEST_DATABASE_URL,
  createTestDatabase,
  dropTestDatabase,
  dropTestSchema,
  uniqueDatabaseName,
} from './postgres-testing';
export { liveStateContract } from './live-state.testing';
export type { LiveStateHarness } from './live-state.testing';

/** The event at `index`, which the test knows exists. */
function eventAt(events: readonly GameEvent[], index: number): GameEvent {
  const event = events[index];
  if (!event) throw new Error(`no event at index ${index}`);
  return event;
}

const dims = <T>(value: T) =>
  Object.fromEntries(DIMENSIONS.map((d) => [d, value])) as Record<(typeof DIMENSIONS)[number], T>;

/** Events of one played turn, in the order the engine records them. */
function turnEvents(turn: number, playerId: string): NewEvent[] {
  const messageId = `M${turn}`;
  return [
    { type: 'turn_started', payload: { turn, round: Math.ceil(turn / 2) } },
    {
      type: 'speaker_selected',
      payload: {
        turn,
        playerId,
        policy: 'round-robin',
        reasoning: 'next in seat order',
        candidates: [{ playerId, weight: 1 }],
      },
    },
    {
      type: 'contribution_accepted',
      payload: {
        turn,
        playerId,
        attempt: 1,
        messageId,
        text: `Turn ${turn}: anchor the piers on piles driven to bedrock — 🌉 «scour» "safe" \\ ok`,
        cites: turn > 1 ? [`M${turn - 1}`] : [],
      },
    },
    {
      type: 'contribution_scored',
      payload: {
        turn,
        playerId,
        messageId,
        phase: 'early',
        scores: dims(0.1 + 0.2),
        weights: { ...dims(0.2), manipulation: -0.2 },
        points: 0.30000000000000004,
        rationales: dims('plain reasoning'),
        coverage: { foundations: 0.5, deck: 0, monitoring: 1 / 3 },
        detectorHits: [],
        judge: 'sim',
      },
    },
    {
      type: 'model_call',
      payload: {
        role: 'player',
        playerId,
        purpose: 'act',
        model: 'sim',
        params: {
          temperature: 0.7,
          tiny: 1e-7,
          big: 2 ** 53 - 1,
          none: null,
          list: [1, 'two', false],
        },
        usage: { inputTokens: 120, outputTokens: 48 },
        latencyMs: 12.5,
        costUsd: 0,
      },
      causationId: null,
    },
  ];
}

/** A game log: creation, `turns` played turns and, when `ended`, the end of the game. */
function gameLog(
  gameId: string,
  options: { turns?: number; ended?: boolean; start?: number; spec?: GameSpec } = {},
): GameEvent[] {
  const { turns = 2, ended = false, start, spec = testSpec() } = options;
  const events: NewEvent[] = [{ type: 'game_created', payload: { spec } }];
  for (let turn = 1; turn <= turns; turn++)
    events.push(...turnEvents(turn, `P${((turn - 1) % 4) + 1}`));
  if (ended) {
    events.push({
      type: 'game_ended',
      payload: {
        reason: 'max_turns',
        detail: `reached ${turns} turns`,
        abortCause: null,
        winnerId: 'P2',
        standings: [],
      },
    });
  }
  return buildLog(gameId, events, start);
}

/** The same event with a different payload text (a conflicting write). */
function altered(event: GameEvent): GameEvent {
  return { ...event, type: 'round_ended', payload: { round: 99, turn: 99 } } as GameEvent;
}

/**
 * Run the EventStore contract against a store implementation. `open` is called once for the
 * suite with the options to pass on (a rating updater) and must return an empty store; the
 * suite closes it at the end.
 *
 * @example
 * eventStoreContract('memory event store', async (options) => createMemoryEventStore(options));
 */
export function eventStoreContract(
  name: string,
  open: (options: EventStoreOptions) => Promise<EventStore>,
): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    let games = 0;
    const newGameId = (label: string) => `${label}-${++games}`;

    beforeAll(async () => {
      store = await open({ ratings: contractRatingUpdater });
    });
    afterAll(async () => {
      await store.close();
    });

    it('returns nothing for an unknown game', async () => {
      expect(await store.load('no-such-game')).toEqual([]);
      expect(await store.getGame('no-such-game')).toBeNull();
    });

    it('gives back exactly the events it was given', async () => {
      const log = gameLog(newGameId('round-trip'), { turns: 3, ended: true });
      await store.append(log);
      const loaded = await store.load(eventAt(log, 0).gameId);
      expect(loaded).toStrictEqual(log);
      expect(loaded.map((e) => e.ts)).toEqual(log.map((e) => e.ts));
    });

    it('keeps timestamps, causation ids, numbers and odd strings exactly', async () => {
      const gameId = newGameId('exact');
      const base = gameLog(gameId, { turns: 1 });
      const log: GameEvent[] = [
        { ...eventAt(base, 0), ts: '2026-03-04T05:06:07.123456789+02:00' },
        {
          ...eventAt(base, 1),
          ts: 'not even a date',
          causationId: `${gameId}:0`,
        },
        {
          schemaVersion: 1,
          id: `${gameId}:2`,
          gameId,
          seq: 2,
          ts: '2026-03-04T05:06:07Z',
          causationId: `${gameId}:1`,
          type: 'narrator_line',
          payload: {
            turn: 1,
            trigger: 'periodic',
            text: 'Quotes " and \\ backslashes, tabs\t, line\u2028separators, émoji 🌊🌉, ключ, 漢字',
            messageId: 'M1',
          },
        },
        {
          schemaVersion: 1,
          id: `${gameId}:3`,
          gameId,
          seq: 3,
          ts: '2026-03-04T05:06:08Z',
          causationId: null,
          type: 'model_call',
          payload: {
            role: 'judge',
            playerId: null,
            purpose: 'score',
            model: 'openai:gpt-4o-mini',
            params: {
              float: 0.1 + 0.2,
              tiny: 5e-324,
              huge: 1.7976931348623157e308,
              negative: -123.456,
              exponent: 1e21,
              nothing: null,
              nested: { empty: {}, list: [], deep: [[{ a: 'b' }]] },
            },
            usage: { inputTokens: 0, outputTokens: 9 },
            latencyMs: 0.001,
            costUsd: 0.000123,
          },
        },
      ];
      await store.append(log);
      expect(await store.load(gameId)).toStrictEqual(log);
    });

    it('appends in batches and loads from a seq', async () => {
      const log = gameLog(newGameId('batches'), { turns: 3 });
      const gameId = eventAt(log, 0).gameId;
      for (let i = 0; i < log.length; i += 4) await store.append(log.slice(i, i + 4));
      expect(await store.load(gameId)).toStrictEqual(log);
      expect(await store.load(gameId, { fromSeq: 7 })).toStrictEqual(log.slice(7));
      expect(await store.load(gameId, { fromSeq: log.length })).toEqual([]);
      await store.append([]);
    });

    it('stores a long log in one call, or none of it', async () => {
      const long = gameLog(newGameId('long'), { turns: 240, ended: true });
      const gameId = eventAt(long, 0).gameId;
      const owner = gameLog(newGameId('long-owner'), { turns: 0 });
      await store.append(owner);
      const clash = [
        ...long.slice(0, -1),
        { ...eventAt(long, long.length - 1), id: eventAt(owner, 0).id },
      ];
      await expect(store.append(clash)).rejects.toMatchObject({
        code: PERSISTENCE_ERROR_CODES.EVENT_CONFLICT,
      });
      expect(await store.load(gameId)).toEqual([]);
      expect(await store.getGame(gameId)).toBeNull();

      await store.append(long.slice(0, 60));
      await store.append(long);
      expect(await store.load(gameId)).toStrictEqual(long);
      expect(await store.getGame(gameId)).toMatchObject({
        status: 'ended',
        turns: 240,
        lastSeq: long.length - 1,
      });
    });

    it('ignores identical events appended again, alone or ahead of new ones', async () => {
      const log = gameLog(newGameId('idempotent'), { turns: 2 });
      const gameId = eventAt(log, 0).gameId;
      await store.append(log.slice(0, 6));
      await store.append(log.slice(0, 6));
      await store.append(log.slice(3, 6));
      await store.append(log.slice(4, 9));
      await store.append(log.slice(9));
      await store.append(log);
      expect(await store.load(gameId)).toStrictEqual(log);
      expect((await store.getGame(gameId))?.lastSeq).toBe(log.length - 1);
    });

    it('rejects a different event at a stored seq and stores none of its batch', async () => {
      const log = gameLog(newGameId('conflict'), { turns: 2 });
      const gameId = eventAt(log, 0).gameId;
      await store.append(log.slice(0, 4));
      const batch = [eventAt(log, 2), altered(eventAt(log, 3)), eventAt(log, 4), eventAt(log, 5)];
      await expect(store.append(batch)).rejects.toMatchObject({
        code: PERSISTENCE_ERROR_CODES.EVENT_CONFLICT,
        details: { gameId, seq: 3 },
      });
      expect(await store.load(gameId)).toStrictEqual(log.slice(0, 4));
      expect((await store.getGame(gameId))?.lastSeq).toBe(3);
      await store.append(log.slice(4));
      expect(await store.load(gameId)).toStrictEqual(log);
    });

    it('rejects an event id another game already uses', async () => {
      const first = gameLog(newGameId('id-owner'), { turns: 0 });
      const second = gameLog(newGameId('id-taker'), { turns: 1 });
      await store.append(first);
      await store.append(second.slice(0, 1));
      const taker = { ...eventAt(second, 1), id: eventAt(first, 0).id };
      await expect(store.append([taker])).rejects.toMatchObject({
        code: PERSISTENCE_ERROR_CODES.EVENT_CONFLICT,
      });
      expect(await store.load(eventAt(second, 0).gameId)).toStrictEqual(second.slice(0, 1));
    });

    it('rejects a batch that would leave a gap', async () => {
      const log = gameLog(newGameId('gap'), { turns: 2 });
      const gameId = eventAt(log, 0).gameId;
      await expect(store.append(log.slice(1, 3))).rejects.toMatchObject({
        code: PERSISTENCE_ERROR_CODES.SEQUENCE_GAP,
      });
      await store.append(log.slice(0, 3));
      await expect(store.append(log.slice(4, 6))).rejects.toMatchObject({
        code: PERSISTENCE_ERROR_CODES.SEQUENCE_GAP,
        details: { gameId, expectedSeq: 3, seq: 4 },
      });
      await expect(store.append([eventAt(log, 3), eventAt(log, 5)])).rejects.toMatchObject({
        code: PERSISTENCE_ERROR_CODES.SEQUENCE_GAP,
      });
      expect(await store.load(gameId)).toStrictEqual(log.slice(0, 3));
    });

    it('rejects batches that mix games or do not start with game_created', async () => {
      const a = gameLog(newGameId('mixed-a'), { turns: 1 });
      const b = gameLog(newGameId('mixed-b'), { turns: 1 });
      await store.append(a.slice(0, 1));
      await expect(
        store.append([eventAt(a, 1), { ...eventAt(b, 2), seq: 2 }]),
      ).rejects.toMatchObject({
        code: PERSISTENCE_ERROR_CODES.INVALID_BATCH,
      });
      const headless = gameLog(newGameId('headless'), { turns: 1 });
      await expect(
        store.append([{ ...eventAt(headless, 1), seq: 0, id: `${eventAt(headless, 0).gameId}:0` }]),
      ).rejects.toMatchObject({ code: PERSISTENCE_ERROR_CODES.INVALID_BATCH });
      await expect(
        store.append([{ ...eventAt(a, 0), seq: 1, id: `${eventAt(a, 0).gameId}:1` }]),
      ).rejects.toMatchObject({
        code: PERSISTENCE_ERROR_CODES.INVALID_BATCH,
      });
      expect(await store.load(eventAt(a, 0).gameId)).toStrictEqual(a.slice(0, 1));
      expect(await store.load(eventAt(headless, 0).gameId)).toEqual([]);
    });

    it('rejects invalid events and text Postgres cannot store, naming the field', async () => {
      const log = gameLog(newGameId('invalid'), { turns: 1 });
      const gameId = eventAt(log, 0).gameId;
      await store.append(log.slice(0, 3));
      const accepted = log[3] as Extract<GameEvent, { type: 'contribution_accepted' }>;
      const bad = [
        { ...accepted, payload: { ...accepted.payload, attempt: 0 } },
        { ...accepted, payload: { ...accepted.payload, text: 'nul \u0000 here' } },
        { ...accepted, payload: { ...accepted.payload, text: 'half a pair \ud83c' } },
      ];
      for (const event of bad) {
        const failure = await store.append([event]).then(
          () => null,
          (error: unknown) => error,
        );
        expect(failure).toMatchObject({ code: PERSISTENCE_ERROR_CODES.INVALID_EVENT });
        expect(JSON.stringify(failure)).toMatch(/payload\.(attempt|text)/);
      }
      expect(await store.load(gameId)).toStrictEqual(log.slice(0, 3));
    });

    it('runs appends of one game in call order without waiting for each', async () => {
      const log = gameLog(newGameId('pipelined'), { turns: 4 });
      const pending: Promise<void>[] = [];
      for (let i = 0; i < log.length; i += 3) pending.push(store.append(log.slice(i, i + 3)));
      await Promise.all(pending);
      expect(await store.load(eventAt(log, 0).gameId)).toStrictEqual(log);
    });

    it('stores concurrent identical appends once and keeps games apart', async () => {
      const a = gameLog(newGameId('concurrent-a'), { turns: 2 });
      const b = gameLog(newGameId('concurrent-b'), { turns: 3 });
      await Promise.all([store.append(a), store.append(b), store.append(a), store.append(b)]);
      expect(await store.load(eventAt(a, 0).gameId)).toStrictEqual(a);
      expect(await store.load(eventAt(b, 0).gameId)).toStrictEqual(b);
    });

    it('keeps a summary of each game current', async () => {
      const log = gameLog(newGameId('summary'), {
        turns: 3,
        ended: true,
        start: Date.UTC(2026, 1, 1),
      });
      const gameId = eventAt(log, 0).gameId;
      const spec = testSpec();
      await store.append(log.slice(0, 1));
      expect(await store.getGame(gameId)).toStrictEqual({
        gameId,
        scenarioId: spec.scenario.id,
        title: spec.scenario.title,
        status: 'running',
        endReason: null,
        winnerId: null,
        players: spec.seats.length,
        turns: 0,
        lastSeq: 0,
        createdAt: eventAt(log, 0).ts,
        updatedAt: eventAt(log, 0).ts,
      });
      await store.append(log.slice(1, 12));
      expect(await store.getGame(gameId)).toMatchObject({
        status: 'running',
        turns: 3,
        lastSeq: 11,
        updatedAt: eventAt(log, 11).ts,
      });
      await store.append(log.slice(12));
      const last = eventAt(log, log.length - 1);
      expect(await store.getGame(gameId)).toMatchObject({
        status: 'ended',
        endReason: 'max_turns',
        winnerId: 'P2',
        turns: 3,
        lastSeq: last.seq,
        createdAt: eventAt(log, 0).ts,
        updatedAt: last.ts,
      });
    });

    it('lists games newest first, by status and page', async () => {
      const older = gameLog(newGameId('list-older'), { turns: 0, start: Date.UTC(2030, 0, 1) });
      const newer = gameLog(newGameId('list-newer'), {
        turns: 1,
        ended: true,
        start: Date.UTC(2030, 0, 2),
      });
      await store.append(older);
      await store.append(newer);
      const all = await store.listGames();
      const ids = all.map((g) => g.gameId);
      expect(ids.indexOf(eventAt(newer, 0).gameId)).toBeLessThan(
        ids.indexOf(eventAt(older, 0).gameId),
      );
      expect(all.map((g) => g.createdAt)).toEqual(
        all
          .map((g) => g.createdAt)
          .sort()
          .reverse(),
      );
      expect(await store.getGame(eventAt(older, 0).gameId)).toStrictEqual(
        all.find((g) => g.gameId === eventAt(older, 0).gameId),
      );

      const running = await store.listGames({ status: 'running' });
      const ended = await store.listGames({ status: 'ended' });
      expect(running.every((g) => g.status === 'running')).toBe(true);
      expect(ended.every((g) => g.status === 'ended')).toBe(true);
      expect(running.map((g) => g.gameId)).toContain(eventAt(older, 0).gameId);
      expect(ended.map((g) => g.gameId)).toContain(eventAt(newer, 0).gameId);
      expect(running.length + ended.length).toBe(all.length);

      expect(await store.listGames({ limit: 2 })).toStrictEqual(all.slice(0, 2));
      expect(await store.listGames({ limit: 2, offset: 1 })).toStrictEqual(all.slice(1, 3));
      expect(await store.listGames({ offset: all.length })).toEqual([]);
      expect(await store.listGames({ limit: 0 })).toEqual([]);
    });

    it('lists and counts games by scenario and by character', async () => {
      const base = testSpec();
      const seats = base.seats.slice(0, 2);
      const odd = gameLog(newGameId('filter-odd'), {
        turns: 0,
        spec: {
          ...base,
          scenario: { ...base.scenario, id: 'filter-scenario' },
          seats: seats.map((s, i) =>
            i === 1 ? { ...s, profile: { ...s.profile, id: 'filter-character' } } : s,
          ),
        },
      });
      await store.append(odd);
      const oddId = eventAt(odd, 0).gameId;
      const ids = (games: GameSummary[]) => games.map((g) => g.gameId);

      expect(ids(await store.listGames({ scenario: 'filter-scenario' }))).toEqual([oddId]);
      expect(ids(await store.listGames({ character: 'filter-character' }))).toEqual([oddId]);
      const withFirst = await store.listGames({ character: seats[0]?.profile.id ?? '' });
      expect(ids(withFirst)).toContain(oddId);
      expect(await store.listGames({ scenario: 'filter-scenario', status: 'ended' })).toEqual([]);
      expect(await store.listGames({ character: 'nobody-plays-this' })).toEqual([]);

      const all = await store.listGames();
      expect(await store.countGames()).toBe(all.length);
      expect(await store.countGames({ scenario: 'filter-scenario' })).toBe(1);
      expect(await store.countGames({ character: 'filter-character', status: 'running' })).toBe(1);
      expect(await store.countGames({ status: 'ended' })).toBe(
        all.filter((g) => g.status === 'ended').length,
      );
      expect(await store.countGames({ character: seats[0]?.profile.id ?? '' })).toBe(
        withFirst.length,
      );
      await expect(store.countGames({ scenario: '' })).rejects.toMatchObject({
        code: PERSISTENCE_ERROR_CODES.INVALID_OPTIONS,
      });
    });

    it('rejects paging and range options that are not non-negative integers', async () => {
      for (const attempt of [
        () => store.load('any', { fromSeq: -1 }),
        () => store.listGames({ limit: 1.5 }),
        () => store.listGames({ offset: -2 }),
        () => store.listGames({ status: 'paused' as 'ended' }),
      ]) {
        await expect(attempt()).rejects.toMatchObject({
          code: PERSISTENCE_ERROR_CODES.INVALID_OPTIONS,
        });
      }
    });

    it('hands out copies that callers may change', async () => {
      const log = gameLog(newGameId('copies'), { turns: 1 });
      const gameId = eventAt(log, 0).gameId;
      await store.append(log);
      const loaded = await store.load(gameId);
      (loaded[0] as { ts: string }).ts = 'changed';
      const summary = await store.getGame(gameId);
      if (summary) summary.turns = 99;
      expect(await store.load(gameId)).toStrictEqual(log);
      expect((await store.getGame(gameId))?.turns).toBe(1);
    });

    recordsContract(() => store, newGameId);

    it('refuses calls once closed', async () => {
      await store.close();
      await expect(store.load('any')).rejects.toMatchObject({
        code: PERSISTENCE_ERROR_CODES.STORE_CLOSED,
      });
      await expect(store.append(gameLog(newGameId('closed')))).rejects.toMatchObject({
        code: PERSISTENCE_ERROR_CODES.STORE_CLOSED,
      });
      for (const call of [
        () => store.placements('any'),
        () => store.finishedGames(),
        () => store.listRatings({ pool: 'model' }),
        () => store.replaceRatings([]),
        () => store.listChampions(),
        () => store.getChampion('any'),
        () => store.championHistory('any'),
        () => store.listSeries(),
        () => store.getSeries('any'),
        () => store.seriesGames('any'),
      ]) {
        await expect(call()).rejects.toMatchObject({ code: PERSISTENCE_ERROR_CODES.STORE_CLOSED });
      }
      await store.close();
    });
  });
}
