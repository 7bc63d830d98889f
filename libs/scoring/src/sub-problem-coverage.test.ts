import { ScenarioSchema } from '@arena/models';
import { testScenario, testSpec } from '@arena/models/testing';
import { describe, expect, it } from 'vitest';
import { scriptGame } from './game.fixture';
import { subProblemCoverage } from './sub-problem-coverage';

describe('subProblemCoverage', () => {
  const state = scriptGame().state();

  it('is the share of a sub-problem’s keywords the text uses, after stemming', () => {
    const coverage = subProblemCoverage(
      'Drive piles to bedrock under each pier and clear debris after floods.',
      state,
    );
    expect(coverage).toEqual({ foundations: 4 / 6, deck: 0, monitoring: 0 });
  });

  it('counts a multi-word keyword only when all its words occur', () => {
    const scenario = ScenarioSchema.parse({
      ...testScenario,
      subProblems: [
        {
          id: 'power',
          title: 'Power',
          description: 'Keep the lights on.',
          keywords: ['solar panel', 'battery', 'grid'],
        },
        {
          id: 'water',
          title: 'Water',
          description: 'Keep it clean.',
          keywords: ['filter', 'pump', 'tank'],
        },
      ],
    });
    const game = scriptGame(testSpec({ scenario }));
    const s = game.state();
    expect(subProblemCoverage('Solar panels and a battery.', s)['power']).toBeCloseTo(2 / 3);
    expect(subProblemCoverage('A panel and a battery.', s)['power']).toBeCloseTo(1 / 3);
  });
});
