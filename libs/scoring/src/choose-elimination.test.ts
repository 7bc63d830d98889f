import { DEFAULT_RULES, gameRng } from '@arena/models';
import { testProfiles, testSpec } from '@arena/models/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseElimination } from './choose-elimination';
import { scriptGame } from './game.fixture';

/** A game where each player took one scored turn with the given points (null: no turn). */
function scored(points: Array<number | null>, minSurvivors = 1) {
  const seats = points.map((_, i) => ({
    playerId: `P${i + 1}`,
    seat: i + 1,
    profile: testProfiles[i % testProfiles.length] as (typeof testProfiles)[number],
    model: 'sim',
  }));
  const rules = { ...DEFAULT_RULES, elimination: { ...DEFAULT_RULES.elimination, minSurvivors } };
  const game = scriptGame(testSpec({ seats, rules }));
  points.forEach((p, i) => {
    if (p === null) return;
    const id = `P${i + 1}`;
    game.score(id, game.contribute(id, `Idea from ${id}.`), p);
  });
  return game;
}

describe('chooseElimination', () => {
  it('eliminates the lowest standing and names the next lowest without scores', () => {
    const decision = chooseElimination(scored([0.5, 0.2, 0.4, 0.3]).state(), gameRng(1, 'e'));
    expect(decision).toEqual({
      playerId: 'P2',
      standing: 0.2,
      reasoning:
        'After round 1, Bo (P2) has the lowest standing (points per turn taken) of the 4 players still in the game, below Di (P4), the next lowest. Bo is eliminated.',
    });
  });

  it('breaks a tie on standing by the lower latest score', () => {
    const game = scored([0.3, 0.3, 0.9, 0.9]);
    game.score('P1', game.contribute('P1', 'Another idea.'), 0.4);
    game.score('P2', game.contribute('P2', 'Another idea.'), 0.2);
    game.score('P1', game.contribute('P1', 'A third idea.'), 0.2);
    game.score('P2', game.contribute('P2', 'A third idea.'), 0.4);
    const decision = chooseElimination(game.state(), gameRng(1, 'e'));
    expect(decision?.playerId).toBe('P1');
    expect(decision?.reasoning).toMatch(
      /level with Bo \(P2\)\. The tie breaks on the latest turn, and Ana's was judged the weakest\./,
    );
  });

  it('breaks a full tie with the seeded rng, the same way for the same seed', () => {
    const state = scored([0.1, 0.1, 0.1, 0.5]).state();
    const picks = new Set<string>();
    for (let seed = 0; seed < 20; seed++) {
      const a = chooseElimination(state, gameRng(seed, 'elimination'));
      const b = chooseElimination(state, gameRng(seed, 'elimination'));
      expect(a).toEqual(b);
      picks.add(a?.playerId ?? '');
      expect(a?.reasoning).toMatch(
        /Ana, Bo and Cy were judged equal, so the game's seeded draw decided/,
      );
    }
    expect([...picks].sort()).toEqual(['P1', 'P2', 'P3']);
  });

  it('never eliminates below minSurvivors (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.double({ min: -1, max: 1, noNaN: true }), { nil: null }), {
          minLength: 2,
          maxLength: 6,
        }),
        fc.integer({ min: 1, max: 6 }),
        fc.nat(),
        (points, minSurvivors, seed) => {
          const state = scored(points, minSurvivors).state();
          const decision = chooseElimination(state, gameRng(seed, 'elimination'));
          if (points.length <= minSurvivors) {
            expect(decision).toBeNull();
            return;
          }
          expect(decision).not.toBeNull();
          const chosen = state.players.find((p) => p.id === decision?.playerId);
          expect(chosen?.status).toBe('active');
          const lowest = Math.min(
            ...state.players.map((p) => (p.turns === 0 ? 0 : p.points / p.turns)),
          );
          // Standings within the tie tolerance count as equal (then the latest score decides).
          expect(decision?.standing ?? Number.NaN).toBeLessThanOrEqual(lowest + 1e-9);
        },
      ),
      { numRuns: 40 },
    );
  });
});
