import { DEFAULT_RULES } from '@arena/models';
import { testSpec } from '@arena/models/testing';
import { describe, expect, it } from 'vitest';
import { scriptGame } from './game.fixture';
import { isEliminationDue } from './is-elimination-due';

function atEndOfRound(
  round: number,
  elimination: Partial<typeof DEFAULT_RULES.elimination>,
  eliminated: string[] = [],
) {
  const rules = { ...DEFAULT_RULES, elimination: { ...DEFAULT_RULES.elimination, ...elimination } };
  const game = scriptGame(testSpec({ rules }));
  for (let r = 1; r < round; r++) {
    game.contribute('P1', `Round ${r}.`);
    game.endRound();
  }
  for (const id of eliminated) game.eliminate(id);
  return game.state();
}

describe('isEliminationDue', () => {
  it('waits for the warm-up, then fires every N-th round', () => {
    const every2 = { warmupRounds: 2, everyRounds: 2 };
    expect([1, 2, 3, 4, 5, 6].map((r) => isEliminationDue(atEndOfRound(r, every2)))).toEqual([
      false,
      false,
      false,
      true,
      false,
      true,
    ]);
    expect(isEliminationDue(atEndOfRound(3, {}))).toBe(true);
  });

  it('stops at minSurvivors', () => {
    expect(isEliminationDue(atEndOfRound(3, { minSurvivors: 2 }, ['P1', 'P2']))).toBe(false);
    expect(isEliminationDue(atEndOfRound(3, { minSurvivors: 2 }, ['P1']))).toBe(true);
  });
});
