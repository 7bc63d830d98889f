import { hasErrorCode } from '@arena/models';
import { describe, expect, it } from 'vitest';
import {
  conservativeRating,
  createRatingUpdater,
  ratingInterval,
  ratingKey,
  rebuildRatings,
  type PoolRating,
  type RatedGame,
  type RatedPlacement,
} from './ratings';

/** A finished game whose seats are given as [characterId, model, place], seat numbers in order. */
function game(
  gameId: string,
  seats: readonly (readonly [string, string, number])[],
  endReason: RatedGame['endReason'] = 'one_survivor',
): RatedGame {
  const placements: RatedPlacement[] = seats.map(([characterId, model, place], i) => ({
    playerId: `P${i + 1}`,
    seat: i + 1,
    characterId,
    name: characterId.toUpperCase(),
    model,
    place,
    status: place === 1 ? 'active' : 'eliminated',
  }));
  return { gameId, endReason, endedAt: `2026-01-01T00:00:0${gameId.length % 10}.000Z`, placements };
}

const update = createRatingUpdater();
const none = new Map<string, PoolRating>();

function row(rows: readonly PoolRating[], pool: PoolRating['pool'], key: string): PoolRating {
  const found = rows.find((r) => r.pool === pool && r.key === key);
  if (!found) throw new Error(`no ${pool} row for ${key}`);
  return found;
}

describe('createRatingUpdater', () => {
  const fourSeats = game('g1', [
    ['ada', 'sim', 2],
    ['bo', 'openai:gpt-4o-mini', 1],
    ['cy', 'sim', 4],
    ['di', 'ollama:llama3.1:8b', 3],
  ]);

  it('moves every character by place: the winner up, the last down, all less uncertain', () => {
    const rows = update(fourSeats, none);
    const chars = ['bo', 'ada', 'di', 'cy'].map((key) => row(rows, 'character', key));
    const mus = chars.map((r) => r.mu);
    expect([...mus].sort((a, b) => b - a)).toEqual(mus);
    expect(mus[0]).toBeGreaterThan(25);
    expect(mus[3]).toBeLessThan(25);
    for (const r of chars) {
      expect(r.sigma).toBeLessThan(25 / 3);
      expect(r).toMatchObject({ games: 1, lastGameId: 'g1', updatedAt: fourSeats.endedAt });
    }
    expect(chars.map((r) => r.wins)).toEqual([1, 0, 0, 0]);
  });

  it('rates each model once, at the mean place of its seats', () => {
    const rows = update(fourSeats, none).filter((r) => r.pool === 'model');
    expect(rows.map((r) => r.key)).toEqual(['openai:gpt-4o-mini', 'ollama:llama3.1:8b', 'sim']);
    // sim holds places 2 and 4 (mean 3) and so ranks level with the model placed third.
    expect(row(rows, 'model', 'sim').mu).toBeCloseTo(row(rows, 'model', 'ollama:llama3.1:8b').mu);
    expect(row(rows, 'model', 'openai:gpt-4o-mini')).toMatchObject({ games: 1, wins: 1 });
    expect(row(rows, 'model', 'sim')).toMatchObject({ games: 1, wins: 0 });
  });

  it('leaves the model pool alone when every seat plays the same model', () => {
    const rows = update(
      game('g2', [
        ['ada', 'sim', 1],
        ['bo', 'sim', 2],
      ]),
      none,
    );
    expect(rows.map((r) => ratingKey(r.pool, r.key))).toEqual(['character:ada', 'character:bo']);
  });

  it('does not rate aborted games', () => {
    const aborted = game(
      'g3',
      [
        ['ada', 'sim', 1],
        ['bo', 'echo', 2],
      ],
      'aborted',
    );
    expect(update(aborted, none)).toEqual([]);
  });

  it('splits a two-player game symmetrically around the starting mean', () => {
    const rows = update(
      game('g4', [
        ['ada', 'sim', 2],
        ['bo', 'sim', 1],
      ]),
      none,
    );
    const [ada, bo] = [row(rows, 'character', 'ada'), row(rows, 'character', 'bo')];
    expect(ada.mu + bo.mu).toBeCloseTo(50, 10);
    expect(ada.sigma).toBeCloseTo(bo.sigma, 10);
  });

  it('counts a character seated twice as one team at its mean place', () => {
    const rows = update(
      game('g5', [
        ['ada', 'sim', 1],
        ['ada', 'sim', 3],
        ['bo', 'sim', 2],
      ]),
      none,
    );
    expect(rows).toHaveLength(2);
    expect(row(rows, 'character', 'ada')).toMatchObject({ games: 1, wins: 1 });
    expect(row(rows, 'character', 'ada').mu).toBeCloseTo(row(rows, 'character', 'bo').mu, 10);
  });

  it('builds on the current rows it is given', () => {
    const first = update(fourSeats, none);
    const current = new Map(first.map((r) => [ratingKey(r.pool, r.key), r]));
    const second = update({ ...fourSeats, gameId: 'g6' }, current);
    const bo = row(second, 'character', 'bo');
    expect(bo).toMatchObject({ games: 2, wins: 2, lastGameId: 'g6' });
    expect(bo.mu).toBeGreaterThan(row(first, 'character', 'bo').mu);
    expect(bo.sigma).toBeLessThan(row(first, 'character', 'bo').sigma);
  });

  it('rejects options out of range, naming the option', () => {
    for (const options of [{ sigma: 0 }, { beta: -1 }, { tau: -0.1 }, { mu: Number.NaN }]) {
      let caught: unknown;
      try {
        createRatingUpdater(options);
      } catch (error) {
        caught = error;
      }
      expect(hasErrorCode(caught, 'SCORING_INVALID_RATING_OPTIONS')).toBe(true);
      expect(String(caught)).toContain(Object.keys(options)[0]);
    }
  });

  it('applies its options: a wider starting σ moves ratings further', () => {
    const wide = createRatingUpdater({ sigma: 12 })(fourSeats, none);
    expect(row(wide, 'character', 'bo').mu).toBeGreaterThan(
      row(update(fourSeats, none), 'character', 'bo').mu,
    );
  });
});

describe('conservativeRating and ratingInterval', () => {
  it('are μ − 3σ and μ ± 2σ', () => {
    expect(conservativeRating({ mu: 30, sigma: 2 })).toBe(24);
    expect(ratingInterval({ mu: 30, sigma: 2 })).toEqual({ low: 26, high: 34 });
  });
});

describe('rebuildRatings', () => {
  const games = [
    game('g1', [
      ['ada', 'sim', 1],
      ['bo', 'echo', 2],
      ['cy', 'sim', 3],
    ]),
    game(
      'g2',
      [
        ['ada', 'sim', 3],
        ['bo', 'echo', 1],
        ['cy', 'sim', 2],
      ],
      'aborted',
    ),
    game('g3', [
      ['bo', 'sim', 1],
      ['cy', 'echo', 2],
    ]),
  ];

  it('counts games read and rated and orders rows like the leaderboard', async () => {
    const rebuild = await rebuildRatings(games);
    expect(rebuild).toMatchObject({ gamesRead: 3, gamesRated: 2 });
    expect(rebuild.rows.map((r) => r.pool)).toEqual([
      'character',
      'character',
      'character',
      'model',
      'model',
    ]);
    const chars = rebuild.rows.filter((r) => r.pool === 'character');
    const ordered = chars.map(conservativeRating);
    expect([...ordered].sort((a, b) => b - a)).toEqual(ordered);
    expect(row(rebuild.rows, 'character', 'bo')).toMatchObject({ games: 2, lastGameId: 'g3' });
  });

  it('reads async iterables like arrays', async () => {
    async function* paged() {
      for (const g of games) yield g;
    }
    expect(await rebuildRatings(paged())).toEqual(await rebuildRatings(games));
  });

  it('gives nothing for no games', async () => {
    expect(await rebuildRatings([])).toEqual({ rows: [], gamesRead: 0, gamesRated: 0 });
  });
});
