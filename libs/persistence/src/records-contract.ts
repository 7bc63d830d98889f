/**
 * The part of the {@link EventStore} contract about what the store keeps beside the log:
 * placements, finished games, ratings, champions and series. Run by `eventStoreContract`.
 */
import type { GameEvent } from '@arena/models';
import { expect, it } from 'vitest';
import { PERSISTENCE_ERROR_CODES } from './errors';
import type { EventStore } from './event-store';
import { playedGameLog, testRatingUpdater } from './played-game';
import type { FinishedGame, RatingRow, SeriesRecord } from './records';

/** Game ids whose `game_ended` makes {@link contractRatingUpdater} fail. */
export const FAILING_RATING_PREFIX = 'rating-fails';
/** Game ids whose `game_ended` makes {@link contractRatingUpdater} return malformed rows. */
export const MALFORMED_RATING_PREFIX = 'rating-malformed';

/**
 * The updater the contract suite opens stores with: {@link testRatingUpdater}, except for the
 * games the suite uses to check that a failing or malformed update stores nothing.
 */
export const contractRatingUpdater: typeof testRatingUpdater = (game, current) => {
  if (game.gameId.startsWith(FAILING_RATING_PREFIX)) throw new Error('rating test failure');
  if (game.gameId.startsWith(MALFORMED_RATING_PREFIX)) {
    return [{ pool: 'character', key: 'ana', mu: Number.NaN } as RatingRow];
  }
  return testRatingUpdater(game, current);
};

const gameIdOf = (log: readonly GameEvent[]) => log[0]?.gameId ?? '';

function series(seriesId: string, createdAt: string, overrides: Partial<SeriesRecord> = {}) {
  return {
    seriesId,
    format: 'king-of-the-hill',
    status: 'running' as const,
    config: { games: 3, seats: ['ana', 'bo'], nested: { ok: true, none: null } },
    standings: null,
    createdAt,
    updatedAt: createdAt,
    ...overrides,
  };
}

/** Register the record tests; `store()` is the suite's open store, `newGameId` a fresh id. */
export function recordsContract(
  store: () => EventStore,
  newGameId: (label: string) => string,
): void {
  it('places the seats of a game once it ends', async () => {
    const log = playedGameLog(newGameId('placed'));
    const gameId = gameIdOf(log);
    expect(await store().placements('no-such-game')).toEqual([]);
    await store().append(log.slice(0, -1));
    expect(await store().placements(gameId)).toEqual([]);
    await store().append(log.slice(-1));
    expect(await store().placements(gameId)).toStrictEqual([
      {
        playerId: 'P1',
        seat: 1,
        characterId: 'ana',
        name: 'Ana',
        model: 'sim',
        place: 1,
        status: 'active',
      },
      {
        playerId: 'P2',
        seat: 2,
        characterId: 'bo',
        name: 'Bo',
        model: 'openai:gpt-test',
        place: 2,
        status: 'active',
      },
      {
        playerId: 'P4',
        seat: 4,
        characterId: 'di',
        name: 'Di',
        model: 'anthropic:claude-test',
        place: 3,
        status: 'eliminated',
      },
      {
        playerId: 'P3',
        seat: 3,
        characterId: 'cy',
        name: 'Cy',
        model: 'sim',
        place: 4,
        status: 'eliminated',
      },
    ]);
    const whole = playedGameLog(newGameId('placed-at-once'));
    await store().append(whole);
    expect(await store().placements(gameIdOf(whole))).toStrictEqual(
      await store().placements(gameId),
    );
  });

  it('pages through finished games in the order ratings apply them', async () => {
    const late = Date.UTC(2040, 0, 1);
    const first = playedGameLog(newGameId('finished-b'), { start: late });
    const tied = playedGameLog(newGameId('finished-a'), { start: late });
    const last = playedGameLog(newGameId('finished-c'), { start: late + 1000 });
    const running = playedGameLog(newGameId('finished-running'), {
      start: late + 2000,
      unfinished: true,
    });
    for (const log of [last, running, first, tied]) await store().append(log);

    const all = await store().finishedGames();
    const keys = all.map((g) => `${g.endedAt} ${g.gameId}`);
    expect(keys).toEqual([...keys].sort());
    const ids = all.map((g) => g.gameId);
    expect(ids.slice(-3)).toEqual([gameIdOf(tied), gameIdOf(first), gameIdOf(last)]);
    expect(ids).not.toContain(gameIdOf(running));
    const game = all.at(-1) as FinishedGame;
    expect(game).toStrictEqual({
      gameId: gameIdOf(last),
      endReason: 'max_turns',
      endedAt: last.at(-1)?.ts,
      placements: await store().placements(gameIdOf(last)),
    });

    expect(await store().finishedGames({ limit: 2 })).toStrictEqual(all.slice(0, 2));
    expect(await store().finishedGames({ limit: 2, offset: all.length - 2 })).toStrictEqual(
      all.slice(-2),
    );
    expect(await store().finishedGames({ offset: all.length })).toEqual([]);
    await expect(store().finishedGames({ limit: -1 })).rejects.toMatchObject({
      code: PERSISTENCE_ERROR_CODES.INVALID_OPTIONS,
    });
  });

  it('moves ratings with each finished game, in the transaction of its events', async () => {
    await store().replaceRatings([]);
    const firstLog = playedGameLog(newGameId('rated-1'), { start: Date.UTC(2027, 0, 1) });
    await store().append(firstLog.slice(0, -1));
    expect(await store().listRatings({ pool: 'character' })).toEqual([]);
    await store().append(firstLog.slice(-1));
    const [finished] = (await store().finishedGames()).filter(
      (g) => g.gameId === gameIdOf(firstLog),
    );
    const expected = testRatingUpdater(finished as FinishedGame, new Map());
    const byRating = (pool: string) =>
      expected
        .filter((r) => r.pool === pool)
        .sort((a, b) => b.mu - 3 * b.sigma - (a.mu - 3 * a.sigma) || (a.key < b.key ? -1 : 1));
    expect(await store().listRatings({ pool: 'character' })).toStrictEqual(byRating('character'));
    expect(await store().listRatings({ pool: 'model' })).toStrictEqual(byRating('model'));

    // Appending the same events again changes nothing; the next game starts from stored rows.
    await store().append(firstLog);
    const second = playedGameLog(newGameId('rated-2'), { start: Date.UTC(2027, 0, 2) });
    await store().append(second);
    const ana = (await store().listRatings({ pool: 'character' })).find((r) => r.key === 'ana');
    expect(ana).toMatchObject({ mu: 31, games: 2, wins: 2, lastGameId: gameIdOf(second) });
    expect(await store().listRatings({ pool: 'character', limit: 1 })).toStrictEqual([ana]);

    const aborted = playedGameLog(newGameId('rated-aborted'), { reason: 'aborted' });
    await store().append(aborted);
    expect((await store().listRatings({ pool: 'character' })).find((r) => r.key === 'ana')).toEqual(
      ana,
    );
  });

  it('stores none of a batch whose rating update fails or is malformed', async () => {
    const before = await store().listRatings({ pool: 'character' });
    const failing = playedGameLog(newGameId(FAILING_RATING_PREFIX));
    await store().append(failing.slice(0, -1));
    await expect(store().append(failing.slice(-1))).rejects.toThrow(/rating test failure/);
    const malformed = playedGameLog(newGameId(MALFORMED_RATING_PREFIX));
    await expect(store().append(malformed)).rejects.toMatchObject({
      code: PERSISTENCE_ERROR_CODES.INVALID_RECORD,
    });
    expect(await store().load(gameIdOf(failing))).toStrictEqual(failing.slice(0, -1));
    expect(await store().getGame(gameIdOf(failing))).toMatchObject({ status: 'running' });
    expect(await store().placements(gameIdOf(failing))).toEqual([]);
    expect(await store().load(gameIdOf(malformed))).toEqual([]);
    expect(await store().listRatings({ pool: 'character' })).toStrictEqual(before);
  });

  it('replaces every rating at once and lists them by conservative rating', async () => {
    const row = (pool: 'character' | 'model', key: string, mu: number, sigma: number) => ({
      pool,
      key,
      mu,
      sigma,
      games: 3,
      wins: 1,
      lastGameId: 'g-1',
      updatedAt: '2026-05-01T00:00:00.000Z',
    });
    const rows: RatingRow[] = [
      row('character', 'zed', 30, 1),
      row('character', 'amy', 30, 1),
      row('character', 'bob', 40, 5),
      row('character', 'cat', 35, 1),
      row('model', 'sim', 20, 2),
    ];
    await store().replaceRatings(rows);
    expect((await store().listRatings({ pool: 'character' })).map((r) => r.key)).toEqual([
      'cat',
      'amy',
      'zed',
      'bob',
    ]);
    expect(await store().listRatings({ pool: 'model' })).toStrictEqual([rows[4]]);
    await expect(
      store().replaceRatings([...rows, { ...row('model', 'sim', 1, 1) }]),
    ).rejects.toMatchObject({ code: PERSISTENCE_ERROR_CODES.INVALID_RECORD });
    await expect(
      store().replaceRatings([{ ...row('model', 'x', 1, 1), pool: 'team' as 'model' }]),
    ).rejects.toMatchObject({
      code: PERSISTENCE_ERROR_CODES.INVALID_RECORD,
      message: expect.stringMatching(/0\.pool/),
    });
    expect(await store().listRatings({ pool: 'model' })).toStrictEqual([rows[4]]);
    await expect(store().listRatings({ pool: 'team' as 'model' })).rejects.toMatchObject({
      code: PERSISTENCE_ERROR_CODES.INVALID_OPTIONS,
    });
    await store().replaceRatings([]);
    expect(await store().listRatings({ pool: 'character' })).toEqual([]);
  });

  it('keeps every memory version of a champion with the game that caused it', async () => {
    expect(await store().getChampion('ana')).toBeNull();
    expect(await store().championHistory('ana')).toEqual([]);
    const first = playedGameLog(newGameId('champion-1'), {
      start: Date.UTC(2028, 0, 1),
      champions: [{ playerId: 'P1', characterId: 'ana', outcome: 'won', games: 1, wins: 1 }],
    });
    const second = playedGameLog(newGameId('champion-2'), {
      start: Date.UTC(2028, 0, 2),
      champions: [
        { playerId: 'P1', characterId: 'ana', outcome: 'won', games: 2, wins: 2 },
        { playerId: 'P2', characterId: 'bo', outcome: 'lost', games: 1, wins: 0 },
      ],
    });
    await store().append(first);
    await store().append(second.slice(0, -3));
    await store().append(second.slice(-3));
    const memoryEvent = (log: GameEvent[], back: number) => log.at(-1 - back) as GameEvent;
    const history = await store().championHistory('ana');
    expect(history).toStrictEqual([
      {
        characterId: 'ana',
        version: 1,
        gameId: gameIdOf(first),
        seq: memoryEvent(first, 1).seq,
        outcome: 'won',
        lessons: [`lesson of ${gameIdOf(first)}`],
        memory: `memory after ${gameIdOf(first)}`,
        games: 1,
        wins: 1,
        model: 'sim',
        ts: memoryEvent(first, 1).ts,
      },
      {
        characterId: 'ana',
        version: 2,
        gameId: gameIdOf(second),
        seq: memoryEvent(second, 2).seq,
        outcome: 'won',
        lessons: [`lesson of ${gameIdOf(second)}`],
        memory: `memory after ${gameIdOf(second)}`,
        games: 2,
        wins: 2,
        model: 'sim',
        ts: memoryEvent(second, 2).ts,
      },
    ]);
    const ana = {
      characterId: 'ana',
      name: 'Ana',
      version: 2,
      games: 2,
      wins: 2,
      memory: `memory after ${gameIdOf(second)}`,
      lastGameId: gameIdOf(second),
      updatedAt: memoryEvent(second, 2).ts,
    };
    expect(await store().getChampion('ana')).toStrictEqual(ana);
    const bo = await store().getChampion('bo');
    expect(bo).toMatchObject({ name: 'Bo', version: 1, wins: 0 });
    expect(await store().listChampions()).toStrictEqual([ana, bo]);
    await store().append(second);
    expect(await store().championHistory('ana')).toHaveLength(2);
  });

  it('saves series, lists them newest first and links their games', async () => {
    expect(await store().getSeries('no-such-series')).toBeNull();
    expect(await store().seriesGames('no-such-series')).toEqual([]);
    const older = series('series-older', '2029-01-01T00:00:00.000Z');
    const newer = series('series-newer', '2029-01-02T00:00:00.000Z');
    await store().saveSeries(newer);
    await store().saveSeries(older);
    expect(await store().getSeries(older.seriesId)).toStrictEqual(older);
    const ended = {
      ...older,
      status: 'ended' as const,
      standings: [{ characterId: 'ana', wins: 2 }],
      updatedAt: '2029-01-03T00:00:00.000Z',
    };
    await store().saveSeries(ended);
    expect(await store().getSeries(older.seriesId)).toStrictEqual(ended);
    const listed = await store().listSeries();
    expect(listed.map((s) => s.seriesId)).toEqual(['series-newer', 'series-older']);
    expect(listed[1]).toStrictEqual(ended);

    const second = playedGameLog(newGameId('series-game'), {
      series: { seriesId: newer.seriesId, round: 1, index: 1 },
      unfinished: true,
    });
    const first = playedGameLog(newGameId('series-game'), {
      series: { seriesId: newer.seriesId, round: 1, index: 0 },
    });
    await store().append(second.slice(0, 1));
    await store().append(first);
    expect(await store().seriesGames(newer.seriesId)).toStrictEqual([
      {
        seriesId: newer.seriesId,
        round: 1,
        index: 0,
        gameId: gameIdOf(first),
        status: 'ended',
        endReason: 'max_turns',
        winnerId: 'P1',
      },
      {
        seriesId: newer.seriesId,
        round: 1,
        index: 1,
        gameId: gameIdOf(second),
        status: 'running',
        endReason: null,
        winnerId: null,
      },
    ]);
    expect(await store().seriesGames(older.seriesId)).toEqual([]);
  });

  it('rejects a malformed series record, naming the field', async () => {
    const bad = [
      series('', '2029-01-01T00:00:00.000Z'),
      series('s-status', '2029-01-01T00:00:00.000Z', { status: 'paused' as 'ended' }),
      series('s-config', '2029-01-01T00:00:00.000Z', { config: undefined }),
      series('s-nul', '2029-01-01T00:00:00.000Z', { config: { text: 'nul \u0000' } }),
    ];
    const fields = [/seriesId/, /status/, /config/, /config\.text/];
    for (const [i, record] of bad.entries()) {
      await expect(store().saveSeries(record)).rejects.toMatchObject({
        code: PERSISTENCE_ERROR_CODES.INVALID_RECORD,
        message: expect.stringMatching(fields[i] as RegExp),
      });
    }
    expect(await store().getSeries('s-status')).toBeNull();
  });

  it('hands out record copies that callers may change', async () => {
    const record = series('series-copy', '2029-02-01T00:00:00.000Z');
    await store().saveSeries(record);
    const got = (await store().getSeries(record.seriesId)) as SeriesRecord;
    (got.config as { games: number }).games = 99;
    expect(await store().getSeries(record.seriesId)).toStrictEqual(record);
  });
}
