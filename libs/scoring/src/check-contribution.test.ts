import { DEFAULT_RULES } from '@arena/models';
import { testSpec } from '@arena/models/testing';
import { describe, expect, it } from 'vitest';
import { checkContribution } from './check-contribution';
import { scriptGame } from './game.fixture';
import { indexFromState } from './similarity-index';

const PIERS = 'Anchor the piers to bedrock with steel piles so spring scour cannot undermine them.';

function gameWithPiers() {
  const game = scriptGame();
  game.contribute('P1', PIERS);
  game.contribute(
    'P2',
    'Hinge the deck at the east bank and lift it with a winch before the flood peak.',
  );
  const state = game.state();
  return { state, index: indexFromState(state), rules: state.spec.rules };
}

describe('checkContribution', () => {
  it('rejects a text too short to say anything, whatever came before', () => {
    const game = scriptGame();
    const state = game.state();
    const decision = checkContribution({
      text: 'so',
      speakerId: 'P1',
      state,
      index: indexFromState(state),
      rules: state.spec.rules,
    });
    expect(decision).toMatchObject({
      accepted: false,
      reason: 'too_short',
      repeatsMessageId: '',
      similarity: 0,
    });
    if (decision.accepted) return;
    expect(decision.feedback).toMatch(/too short.*0 content words.*at least 6/);
    expect(decision.feedback).toMatch(/uncovered sub-problem such as "Foundations"/);
  });

  it('rejects a near-duplicate of another player, naming the message and an uncovered sub-problem', () => {
    const { state, index, rules } = gameWithPiers();
    const decision = checkContribution({
      text: 'Anchor the piers into solid bedrock with steel piles, so spring scour cannot undermine them!',
      speakerId: 'P3',
      state,
      index,
      rules,
    });
    expect(decision.accepted).toBe(false);
    if (decision.accepted) return;
    expect(decision.reason).toBe('repeat');
    expect(decision.repeatsMessageId).toBe('M1');
    expect(decision.similarity).toBeGreaterThanOrEqual(rules.gate.similarityThreshold);
    expect(decision.feedback).toMatch(
      /^This repeats M1 \(similarity 0\.\d\d\) and adds nothing new/,
    );
    expect(decision.feedback).toMatch(
      /new claim, a consequence.*a test.*"Foundations" \(Piers and anchoring/,
    );
  });

  it('compares with the speaker’s own earlier contributions too', () => {
    const { state, index, rules } = gameWithPiers();
    const decision = checkContribution({ text: PIERS, speakerId: 'P1', state, index, rules });
    expect(decision).toMatchObject({ accepted: false, repeatsMessageId: 'M1', similarity: 1 });
    if (!decision.accepted) expect(decision.feedback).toMatch(/your own earlier contribution M1/);
  });

  it('names the least advanced sub-problem once all are covered', () => {
    const game = scriptGame(
      testSpec({ rules: { ...DEFAULT_RULES, solved: { coverage: 0.6, minRounds: 3 } } }),
    );
    const m1 = game.contribute('P1', PIERS);
    game.score('P1', m1, 0.5, { foundations: 0.9, deck: 0.7, monitoring: 0.8 });
    const state = game.state();
    const decision = checkContribution({
      text: PIERS,
      speakerId: 'P2',
      state,
      index: indexFromState(state),
      rules: state.spec.rules,
    });
    if (decision.accepted) throw new Error('expected a rejection');
    expect(decision.feedback).toMatch(/least advanced sub-problem, "Deck"/);
  });

  it('accepts a repeat that adds a new claim in a sentence of its own', () => {
    const { state, index, rules } = gameWithPiers();
    const decision = checkContribution({
      text: `${PIERS} A load test with sandbags would show whether the hinges hold before opening day.`,
      speakerId: 'P3',
      state,
      index,
      rules,
    });
    expect(decision.accepted).toBe(true);
    if (decision.accepted) expect(decision.nearest?.messageId).toBe('M1');
  });

  it('accepts a different contribution and reports its nearest neighbour', () => {
    const { state, index, rules } = gameWithPiers();
    const decision = checkContribution({
      text: 'Mount an ultrasonic gauge upstream that alerts the town council when water rises fast.',
      speakerId: 'P3',
      state,
      index,
      rules,
    });
    expect(decision.accepted).toBe(true);
  });
});
