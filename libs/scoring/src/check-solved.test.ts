import { ScenarioSchema } from '@arena/models';
import { testScenario, testSpec } from '@arena/models/testing';
import { describe, expect, it } from 'vitest';
import { checkSolved } from './check-solved';
import { scriptGame } from './game.fixture';

function atRound(round: number, coverage: Record<string, number>, spec = testSpec()) {
  const game = scriptGame(spec);
  game.score('P1', game.contribute('P1', 'Everything at once.'), 0.5, coverage);
  for (let r = 1; r < round; r++) game.endRound();
  return game.state();
}

describe('checkSolved', () => {
  const full = { foundations: 0.7, deck: 0.6, monitoring: 0.9 };

  it('rules the problem solved when every sub-problem is covered after the minimum rounds', () => {
    const check = checkSolved(atRound(3, full));
    expect(check.solved).toBe(true);
    expect(check.coverage).toEqual(full);
    expect(check.reasoning).toBe(
      'The problem is solved: All three sub-problems have a concrete proposal. Covered: Foundations, Deck, Monitoring. Every required sub-problem is covered.',
    );
  });

  it('waits for the minimum number of rounds', () => {
    const check = checkSolved(atRound(2, full));
    expect(check.solved).toBe(false);
    expect(check.reasoning).toMatch(/can be ruled solved from round 3; this is round 2\./);
  });

  it('lists what is not covered yet', () => {
    const check = checkSolved(atRound(4, { ...full, deck: 0.5 }));
    expect(check.solved).toBe(false);
    expect(check.reasoning).toBe(
      'The problem is not solved yet. Covered: Foundations, Monitoring. Not yet covered: Deck.',
    );
  });

  it('only needs the sub-problems the success criteria require', () => {
    const scenario = ScenarioSchema.parse({
      ...testScenario,
      successCriteria: {
        description: 'Foundations and monitoring settled.',
        required: ['foundations', 'monitoring'],
      },
    });
    expect(checkSolved(atRound(3, { ...full, deck: 0 }, testSpec({ scenario }))).solved).toBe(true);
  });
});
