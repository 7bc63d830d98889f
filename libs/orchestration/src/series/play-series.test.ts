import { describe, expect, it } from 'vitest';
import { createInMemoryBus } from '@arena/message-bus';
import { hasErrorCode, steppingClock, type GameEvent } from '@arena/models';
import { createMemoryEventStore, type ChampionSummary, type EventStore } from '@arena/persistence';
import { createRatingUpdater } from '@arena/scoring';
import { loadContentCatalog } from '../catalog';
import { ORCHESTRATION_ERROR_CODES } from '../errors';
import { createGame } from '../games';
import { DEFAULT_CONTENT_DIR } from '../settings';
import { testSpec } from '@arena/models/testing';
import { playSeries, resumeSeries, type SeriesProgress } from './play-series';
import { NEUTRAL_NAMES } from './seat-arrangement';
import { scheduledGameConfig, type SeriesServices } from './series-game';
import type { SeriesConfigInput } from './series-config';

const catalog = loadContentCatalog(DEFAULT_CONTENT_DIR);
const CHARACTERS = [...catalog.characters.keys()].sort();

function services(store: EventStore = createMemoryEventStore({ ratings: createRatingUpdater() })) {
  return {
    store,
    bus: createInMemoryBus(),
    clock: steppingClock(),
    catalog,
  } satisfies SeriesServices;
}

const swiss = (overrides: Partial<SeriesConfigInput> = {}) =>
  ({
    id: 'cup',
    format: 'swiss',
    scenario: 'city-water',
    entrants: CHARACTERS.slice(0, 6),
    seatsPerGame: 3,
    rounds: 2,
    maxTurns: 8,
    ...overrides,
  }) as SeriesConfigInput;

async function expectError(promise: Promise<unknown>, code: string, message?: RegExp) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(hasErrorCode(error, code)).toBe(true);
  if (message) expect((error as Error).message).toMatch(message);
}

/** An event as any run records it: no timestamps or latencies. */
const timeless = (e: GameEvent) => ({
  seq: e.seq,
  type: e.type,
  payload: e.type === 'model_call' ? { ...e.payload, latencyMs: 0 } : e.payload,
});

async function logsOf(store: EventStore, seriesId: string) {
  const rows = await store.seriesGames(seriesId);
  return Promise.all(rows.map(async (r) => (await store.load(r.gameId)).map(timeless)));
}

describe('playSeries', () => {
  it('plays every game of the schedule, linking each to the series, and ends the record', async () => {
    const s = services();
    const progress: SeriesProgress[] = [];
    const outcome = await playSeries(s, swiss(), { onProgress: (p) => progress.push(p) });
    expect(outcome.status).toBe('ended');
    expect(outcome.standings.gamesPlayed).toBe(4);
    expect(outcome.standings.winner).toBe(outcome.standings.entrants[0]?.entrant);
    const rows = await s.store.seriesGames('cup');
    expect(rows.map((r) => [r.gameId, r.round, r.index, r.status])).toEqual([
      ['cup-r1-g0', 1, 0, 'ended'],
      ['cup-r1-g1', 1, 1, 'ended'],
      ['cup-r2-g2', 2, 2, 'ended'],
      ['cup-r2-g3', 2, 3, 'ended'],
    ]);
    const created = (await s.store.load('cup-r2-g3'))[0];
    expect(created?.type === 'game_created' && created.payload.series).toEqual({
      seriesId: 'cup',
      round: 2,
      index: 3,
    });
    const record = await s.store.getSeries('cup');
    expect(record).toMatchObject({
      status: 'ended',
      format: 'swiss',
      standings: outcome.standings,
    });
    expect(progress.map((p) => p.type)).toEqual([
      'round_planned',
      ...Array(2).fill(['game_started', 'game_ended']).flat(),
      'round_planned',
      ...Array(2).fill(['game_started', 'game_ended']).flat(),
      'series_ended',
    ]);
    const points = outcome.standings.entrants.reduce((sum, e) => sum + e.points, 0);
    expect(points).toBe(4 * (2 + 1 + 0));
  });

  it('updates the leaderboard with every game of the series', async () => {
    const s = services();
    await playSeries(s, swiss());
    const rated = await s.store.listRatings({ pool: 'character' });
    expect(rated.map((r) => r.key).sort()).toEqual(CHARACTERS.slice(0, 6));
    expect(rated.reduce((n, r) => n + r.games, 0)).toBe(4 * 3);
  });

  it('saves the standings after every game', async () => {
    const s = services();
    const seen: unknown[] = [];
    await playSeries(s, swiss(), {
      onProgress: (p) => {
        if (p.type === 'game_ended')
          void s.store.getSeries('cup').then((r) => seen.push(r?.standings));
      },
    });
    const record = await s.store.getSeries('cup');
    expect(record?.standings).toMatchObject({ gamesPlayed: 4 });
    expect(seen.length).toBe(4);
  });

  it('plays N games at a time to the same outcome as one at a time', async () => {
    const one = await playSeries(
      services(),
      swiss({
        id: 'one',
        format: 'round-robin',
        rounds: 1,
        entrants: CHARACTERS.slice(0, 4),
      } as never),
    );
    const three = await playSeries(
      services(),
      swiss({
        id: 'three',
        format: 'round-robin',
        rounds: 1,
        entrants: CHARACTERS.slice(0, 4),
        concurrency: 3,
      } as never),
    );
    expect(three.standings).toEqual(one.standings);
  });

  it('shows rotated neutral names while results stay with the characters', async () => {
    const s = services();
    const outcome = await playSeries(s, swiss({ names: 'rotate', rounds: 1 }));
    const created = (await s.store.load('cup-r1-g0'))[0];
    if (created?.type !== 'game_created') throw new Error('no game_created');
    const names = created.payload.spec.seats.map((seat) => seat.profile.name);
    expect(names.every((n) => NEUTRAL_NAMES.includes(n))).toBe(true);
    expect(
      created.payload.spec.seats
        .map((seat) => seat.profile.id)
        .every((id) => CHARACTERS.includes(id)),
    ).toBe(true);
    expect(outcome.standings.entrants.map((e) => e.entrant).sort()).toEqual(CHARACTERS.slice(0, 6));
  });

  it('crowns the last king of the hill, whose memory joins its seat once it has one', async () => {
    const s = services();
    const games: { champion: string | null; winner: string | null }[] = [];
    const outcome = await playSeries(
      s,
      {
        id: 'hill',
        format: 'king-of-the-hill',
        scenario: 'city-water',
        entrants: CHARACTERS.slice(0, 5),
        games: 4,
        seatsPerGame: 3,
        maxTurns: 8,
      },
      {
        onProgress: (p) => {
          if (p.type === 'game_ended')
            games.push({ champion: p.game.champion, winner: p.result.winner });
        },
      },
    );
    expect(outcome.standings.winner).toBe(outcome.standings.champion);
    expect(games[0]?.champion).toBe(CHARACTERS[0]);
    for (const [i, game] of games.entries()) {
      const created = (await s.store.load(`hill-r${i + 1}-g${i}`))[0];
      if (created?.type !== 'game_created') throw new Error('no game_created');
      const flagged = created.payload.spec.seats.filter((seat) => seat.champion !== undefined);
      const wonBefore = games.slice(0, i).some((g) => g.winner === game.champion);
      expect(flagged.map((seat) => seat.profile.id)).toEqual(wonBefore ? [game.champion] : []);
      if (i > 0 && games[i - 1]?.winner) expect(game.champion).toBe(games[i - 1]?.winner);
    }
    expect(games.slice(1).some((g, i) => g.champion === games[i]?.winner)).toBe(true);
  });

  it('rejects bad definitions before writing anything', async () => {
    const s = services();
    await expectError(
      playSeries(s, swiss({ entrants: ['nobody', ...CHARACTERS.slice(0, 5)] })),
      ORCHESTRATION_ERROR_CODES.UNKNOWN_CHARACTER,
      /^entrants\.0: unknown character "nobody"; allowed: /,
    );
    await expectError(
      playSeries(s, swiss({ scenario: 'nowhere' })),
      ORCHESTRATION_ERROR_CODES.UNKNOWN_SCENARIO,
    );
    await expectError(
      playSeries(s, swiss({ rounds: 0 })),
      'ARENA_INVALID_INPUT',
      /rounds: must be at least 1/,
    );
    await expectError(
      playSeries(
        s,
        swiss({
          entrants: [
            { character: CHARACTERS[0] ?? '', model: 'openai:gpt-4o-mini' },
            ...CHARACTERS.slice(1, 6),
          ],
        }),
      ),
      'AGENTS_PROVIDER_NOT_CONFIGURED',
    );
    expect(await s.store.listSeries()).toEqual([]);
    expect(await s.store.listGames()).toEqual([]);
  });

  it('refuses an id that is taken, and a game id held by another game', async () => {
    const s = services();
    await playSeries(s, swiss({ rounds: 1 }));
    await expectError(
      playSeries(s, swiss({ rounds: 1 })),
      ORCHESTRATION_ERROR_CODES.SERIES_EXISTS,
      /resume/,
    );
    await createGame(s, testSpec(), { gameId: 'other-r1-g0' });
    await expectError(
      playSeries(s, swiss({ id: 'other', rounds: 1 })),
      ORCHESTRATION_ERROR_CODES.SERIES_GAME_MISMATCH,
    );
  });
});

describe('resumeSeries', () => {
  it('finishes a stopped series with the outcome and logs of an uninterrupted run', async () => {
    const whole = services();
    const uninterrupted = await playSeries(whole, swiss());

    const s = services();
    const stop = new AbortController();
    let ended = 0;
    const stopped = await playSeries(s, swiss(), {
      signal: stop.signal,
      onProgress: (p) => {
        if (p.type === 'game_ended' && ++ended === 1) stop.abort();
      },
    });
    expect(stopped).toMatchObject({ status: 'running', standings: { gamesPlayed: 1 } });
    expect((await s.store.getSeries('cup'))?.status).toBe('running');
    expect((await s.store.seriesGames('cup')).map((r) => r.status)).toEqual(['ended']);

    const resumed = await resumeSeries(s, 'cup');
    expect(resumed).toEqual(uninterrupted);
    expect(await logsOf(s.store, 'cup')).toEqual(await logsOf(whole.store, 'cup'));
    expect(await resumeSeries(s, 'cup')).toEqual(uninterrupted);
  });

  it('stops a game in play at a turn boundary and resumes it mid-game', async () => {
    const whole = services();
    const uninterrupted = await playSeries(whole, swiss({ rounds: 1, concurrency: 2 }));
    const s = services();
    const stop = new AbortController();
    const stopped = await playSeries(s, swiss({ rounds: 1, concurrency: 2 }), {
      signal: stop.signal,
      onProgress: (p) => {
        if (p.type === 'game_started' && p.game.index === 1) stop.abort();
      },
    });
    expect(stopped.status).toBe('running');
    const resumed = await resumeSeries(s, 'cup', {});
    expect(resumed).toEqual(uninterrupted);
    expect(await logsOf(s.store, 'cup')).toEqual(await logsOf(whole.store, 'cup'));
  });

  it('names an unknown series', async () => {
    await expectError(
      resumeSeries(services(), 'nope'),
      ORCHESTRATION_ERROR_CODES.SERIES_NOT_FOUND,
      /No series with id nope/,
    );
  });
});

describe('scheduledGameConfig', () => {
  it('flags the reigning champion’s seat once it has a stored memory', async () => {
    const store = createMemoryEventStore();
    const memory: ChampionSummary = {
      characterId: 'kestrel-obi',
      name: 'Kestrel',
      version: 1,
      games: 1,
      wins: 1,
      memory: 'Lessons.',
      lastGameId: 'g-0',
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    const withMemory = {
      ...store,
      getChampion: async (id: string) => (id === 'kestrel-obi' ? memory : null),
    };
    const ctx = {
      config: (await import('./series-config')).SeriesConfigSchema.parse({
        format: 'king-of-the-hill',
        scenario: 'city-water',
        entrants: ['kestrel-obi', 'amara-teodoro', 'idris-halloran'],
        seatsPerGame: 3,
      }),
      entrants: ['kestrel-obi', 'amara-teodoro', 'idris-halloran'],
    };
    const game = {
      round: 1,
      index: 0,
      gameId: 'x',
      names: null,
      seats: ['amara-teodoro', 'kestrel-obi', 'idris-halloran'],
    };
    const flagged = await scheduledGameConfig(services(withMemory), ctx, {
      ...game,
      champion: 'kestrel-obi',
    });
    expect(flagged['players']).toEqual([
      { character: 'amara-teodoro' },
      { character: 'kestrel-obi', champion: true },
      { character: 'idris-halloran' },
    ]);
    const fresh = await scheduledGameConfig(services(withMemory), ctx, {
      ...game,
      champion: 'amara-teodoro',
    });
    expect(fresh['players']).toEqual([
      { character: 'amara-teodoro' },
      { character: 'kestrel-obi' },
      { character: 'idris-halloran' },
    ]);
  });
});
