import { DEFAULT_RULES, ScenarioSchema } from '@arena/models';
import { testScenario, testSpec } from '@arena/models/testing';
import { describe, expect, it } from 'vitest';
import { checkSolved } from './check-solved';
import { scriptGame } from './game.fixture';

/** Rules of these tests: covered at 60% of a sub-problem's keywords, from round 3. */
const rules = { ...DEFAULT_RULES, solved: { coverage: 0.6, minRounds: 3 } };

function atRound(round: number, texts: string[], spec = testSpec({ rules })) {
  const game = scriptGame(spec);
  texts.forEach((text, i) => game.contribute(`P${(i % 4) + 1}`, text));
  for (let r = 1; r < round; r++) game.endRound();
  return game.state();
}

const foundations = 'Drive each pile to bedrock and anchor every pier against scour.';
const deckHalf = 'Put the deck on a hinge.';
const deckOtherHalf = 'Then we can raise it and lift it clear when floods come.';
const monitoring = 'Every sensor and gauge sends an alert past the threshold.';
const full = [foundations, deckHalf, deckOtherHalf, monitoring];

describe('checkSolved', () => {
  it('rules the problem solved when every sub-problem is covered after the minimum rounds', () => {
    const check = checkSolved(atRound(3, full));
    expect(check.solved).toBe(true);
    expect(check.coverage).toEqual({ foundations: 5 / 6, deck: 4 / 6, monitoring: 4 / 6 });
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
    const check = checkSolved(atRound(4, [foundations, deckHalf, monitoring]));
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
    expect(
      checkSolved(atRound(3, [foundations, monitoring], testSpec({ scenario, rules }))).solved,
    ).toBe(true);
  });

  it('counts what the conversation covered together, not one message', () => {
    expect(checkSolved(atRound(3, [foundations, deckHalf, monitoring])).solved).toBe(false);
    expect(checkSolved(atRound(3, full)).solved).toBe(true);
  });
});
