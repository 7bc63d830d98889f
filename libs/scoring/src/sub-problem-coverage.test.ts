import { ScenarioSchema } from '@arena/models';
import { testScenario, testSpec } from '@arena/models/testing';
import { describe, expect, it } from 'vitest';
import { scriptGame } from './game.fixture';
import {
  KeywordMatcher,
  conversationCoverage,
  keywordsMet,
  matcherFor,
  subProblemCoverage,
} from './sub-problem-coverage';

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

  it('meets keywords in other word forms of the same word', () => {
    const coverage = subProblemCoverage(
      'Keep inspecting the gauges and start alerting the town when thresholds are crossed.',
      state,
    );
    expect(coverage['monitoring']).toBeCloseTo(4 / 6);
  });
});

describe('KeywordMatcher', () => {
  it('matches equal stems, a shorter word starting a longer one, and a shared start', () => {
    const matcher = new KeywordMatcher(['treat', 'replacement', 'recharg', 'pier']);
    expect(matcher.meets('treatment')).toBe(true);
    expect(matcher.meets('replac')).toBe(true);
    expect(matcher.meets('rechargeabl')).toBe(true);
    expect(matcher.meets('pier')).toBe(true);
  });

  it('keeps short words exact and different words apart', () => {
    const matcher = new KeywordMatcher(['pier', 'transparent', 'rat']);
    expect(matcher.meets('pierc')).toBe(false);
    expect(matcher.meets('transplant')).toBe(false);
    expect(matcher.meets('ration')).toBe(false);
  });
});

describe('keywordsMet and conversationCoverage', () => {
  it('names the keywords a text meets, by index', () => {
    const s = scriptGame().state();
    expect(keywordsMet(matcherFor('Sensors and a flood gauge.'), s.spec.scenario)).toEqual({
      foundations: [],
      deck: [],
      monitoring: [0, 1],
    });
  });

  it('is the share of keywords any contribution met, however many repeat them', () => {
    const game = scriptGame();
    game.contribute('P1', 'Drive piles to bedrock under each pier.');
    game.contribute('P2', 'Drive piles to bedrock, and hinge the deck.');
    expect(conversationCoverage(game.state())).toEqual({
      foundations: 3 / 6,
      deck: 2 / 6,
      monitoring: 0,
    });
  });
});
