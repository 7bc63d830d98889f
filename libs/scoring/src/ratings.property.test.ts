import fc from 'fast-check';
import { rate } from 'openskill';
import { plackettLuce } from 'openskill/models';
import { describe, expect, it } from 'vitest';
import {
  createRatingUpdater,
  ratingKey,
  rebuildRatings,
  type PoolRating,
  type RatedGame,
} from './ratings';

const CHARACTERS = ['ada', 'bo', 'cy', 'di', 'eve', 'fay', 'gus', 'hal'] as const;
const MODELS = ['sim', 'echo', 'openai:gpt-4o-mini'] as const;

/** A finished game: 2–8 distinct characters on any models, places a permutation of 1..n. */
function finishedGame(gameId: string): fc.Arbitrary<RatedGame> {
  return fc
    .uniqueArray(fc.constantFrom(...CHARACTERS), { minLength: 2, maxLength: CHARACTERS.length })
    .chain((characters) =>
      fc.tuple(
        fc.constant(characters),
        fc.array(fc.constantFrom(...MODELS), {
          minLength: characters.length,
          maxLength: characters.length,
        }),
        fc.shuffledSubarray(
          characters.map((_, i) => i + 1),
          { minLength: characters.length, maxLength: characters.length },
        ),
        fc.constantFrom<RatedGame['endReason']>('one_survivor', 'max_turns', 'solved', 'aborted'),
      ),
    )
    .map(([characters, models, places, endReason]) => ({
      gameId,
      endReason,
      endedAt: `2026-02-01T00:00:00.000Z`,
      placements: characters.map((characterId, i) => ({
        playerId: `P${i + 1}`,
        seat: i + 1,
        characterId,
        name: characterId,
        model: models[i] ?? 'sim',
        place: places[i] ?? i + 1,
        status: places[i] === 1 ? ('active' as const) : ('eliminated' as const),
      })),
    }));
}

const history = fc
  .array(finishedGame('g'), { maxLength: 12 })
  .map((games) => games.map((g, i) => ({ ...g, gameId: `g${i}` })));

const update = createRatingUpdater();

/** Applies the updater game by game, as the store does, keeping every intermediate map. */
function applyAll(games: readonly RatedGame[]): Map<string, PoolRating> {
  const current = new Map<string, PoolRating>();
  for (const g of games) {
    for (const r of update(g, current)) current.set(ratingKey(r.pool, r.key), r);
  }
  return current;
}

describe('ratings (property)', () => {
  it('never lets σ grow for a rated key', () => {
    fc.assert(
      fc.property(history, (games) => {
        const current = new Map<string, PoolRating>();
        for (const g of games) {
          for (const r of update(g, current)) {
            const before = current.get(ratingKey(r.pool, r.key))?.sigma ?? 25 / 3;
            expect(r.sigma).toBeLessThanOrEqual(before);
            current.set(ratingKey(r.pool, r.key), r);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('never gives the winner a lower μ than the same game with it placed last', () => {
    fc.assert(
      fc.property(history, finishedGame('next'), (games, next) => {
        const current = applyAll(games);
        const rated = { ...next, endReason: 'one_survivor' as const };
        const last = rated.placements.length;
        const winner = rated.placements.find((p) => p.place === 1)?.characterId ?? '';
        const swapped = {
          ...rated,
          placements: rated.placements.map((p) =>
            p.place === 1 ? { ...p, place: last } : p.place === last ? { ...p, place: 1 } : p,
          ),
        };
        const muOf = (g: RatedGame) =>
          update(g, current).find((r) => r.pool === 'character' && r.key === winner)?.mu ?? 0;
        expect(muOf(rated)).toBeGreaterThanOrEqual(muOf(swapped));
      }),
      { numRuns: 150 },
    );
  });

  it('does not depend on seat order', () => {
    const twoOrders = finishedGame('g').chain((g) =>
      fc.tuple(
        fc.constant(g),
        fc
          .shuffledSubarray([...g.placements], {
            minLength: g.placements.length,
            maxLength: g.placements.length,
          })
          .map((placements) => ({ ...g, placements })),
      ),
    );
    fc.assert(
      fc.property(history, twoOrders, (games, [first, second]) => {
        const current = applyAll(games);
        expect(update(second, current)).toEqual(update(first, current));
      }),
      { numRuns: 150 },
    );
  });

  it('rebuilds exactly what game-by-game application stored, every time', async () => {
    await fc.assert(
      fc.asyncProperty(history, async (games) => {
        const byKey = (a: PoolRating, b: PoolRating) =>
          ratingKey(a.pool, a.key) < ratingKey(b.pool, b.key) ? -1 : 1;
        const incremental = [...applyAll(games).values()].sort(byKey);
        const { rows } = await rebuildRatings(games);
        expect([...rows].sort(byKey)).toEqual(incremental);
        expect(await rebuildRatings(games)).toEqual(await rebuildRatings(games));
      }),
      { numRuns: 100 },
    );
  });

  it("matches OpenSkill's rate() with the Plackett–Luce model exactly", () => {
    fc.assert(
      fc.property(history, finishedGame('next'), (games, next) => {
        const current = applyAll(games);
        const game = { ...next, endReason: 'max_turns' as const };
        const mean = (key: string, pick: (p: RatedGame['placements'][number]) => string) => {
          const places = game.placements.filter((p) => pick(p) === key).map((p) => p.place);
          return places.reduce((a, b) => a + b, 0) / places.length;
        };
        for (const [pool, pick] of [
          ['character', (p: RatedGame['placements'][number]) => p.characterId],
          ['model', (p: RatedGame['placements'][number]) => p.model],
        ] as const) {
          const rows = update(game, current).filter((r) => r.pool === pool);
          if (rows.length === 0) continue;
          const priors = rows.map((r) => {
            const prior = current.get(ratingKey(pool, r.key));
            return [{ mu: prior?.mu ?? 25, sigma: prior?.sigma ?? 25 / 3 }];
          });
          const expected = rate(priors, {
            model: plackettLuce,
            rank: rows.map((r) => mean(r.key, pick)),
            limitSigma: true,
          });
          expect(rows.map((r) => ({ mu: r.mu, sigma: r.sigma }))).toEqual(
            expected.map((team) => team[0]),
          );
        }
      }),
      { numRuns: 150 },
    );
  });

  it('rates no aborted game and counts wins only for first places', () => {
    fc.assert(
      fc.property(history, (games) => {
        const rows = [...applyAll(games).values()];
        const rated = games.filter((g) => g.endReason !== 'aborted');
        for (const r of rows.filter((x) => x.pool === 'character')) {
          const played = rated.filter((g) => g.placements.some((p) => p.characterId === r.key));
          const won = played.filter((g) =>
            g.placements.some((p) => p.characterId === r.key && p.place === 1),
          );
          expect({ games: r.games, wins: r.wins }).toEqual({
            games: played.length,
            wins: won.length,
          });
        }
      }),
      { numRuns: 150 },
    );
  });
});
