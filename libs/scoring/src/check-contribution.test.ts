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

  const LONG =
    'Put the deck on a hinge at the east bank. Anchor the piers to bedrock with steel piles. ' +
    'A gauge upstream should warn the council before the river rises. ' +
    'If the hinge jams, close the bridge and send people to the ford.';

  function gameWithLong() {
    const game = scriptGame();
    game.contribute('P1', LONG);
    game.contribute('P2', 'Plant willows along the banks so the soil holds during spring floods.');
    const state = game.state();
    return { state, index: indexFromState(state), rules: state.spec.rules };
  }

  it('rejects a few sentences lifted from a longer contribution behind a framing phrase', () => {
    const { state, index, rules } = gameWithLong();
    const decision = checkContribution({
      text:
        'To restate the key point: a gauge upstream should warn the council before the river ' +
        'rises. If the hinge jams, close the bridge and send people to the ford.',
      speakerId: 'P3',
      state,
      index,
      rules,
    });
    expect(decision.accepted).toBe(false);
    if (decision.accepted) return;
    expect(decision.reason).toBe('repeat');
    expect(decision.repeatsMessageId).toBe('M1');
    expect(decision.similarity).toBeGreaterThanOrEqual(0.65);
    expect(decision.feedback).toMatch(/^This repeats M1: \d+% of what it says is already there,/);
  });

  it('does not count a framing clause or a swapped word as a new claim', () => {
    const game = scriptGame();
    const question = 'Which part fails first?';
    game.contribute('P1', `${question} ${LONG}`);
    const state = game.state();
    const decision = checkContribution({
      text: `Let me repeat the core idea: which part fails initially? ${LONG}`,
      speakerId: 'P3',
      state,
      index: indexFromState(state),
      rules: state.spec.rules,
    });
    expect(decision).toMatchObject({ accepted: false, reason: 'repeat', repeatsMessageId: 'M1' });
    if (!decision.accepted) expect(decision.feedback).toMatch(/^This repeats M1 \(similarity/);
  });

  it('accepts a contribution that quotes part of a longer one and adds its own proposal', () => {
    const { state, index, rules } = gameWithLong();
    const decision = checkContribution({
      text:
        'Building on M1 ("close the bridge and send people to the ford"): mark the ford with ' +
        'reflective posts and test the route with a night drill every autumn.',
      speakerId: 'P3',
      state,
      index,
      rules,
    });
    expect(decision.accepted).toBe(true);
  });

  it('names the contribution a proposal repeats even when it adds something to another one', () => {
    const game = scriptGame();
    game.contribute('P1', PIERS);
    game.contribute('P2', `${PIERS} Inspect them with divers after every flood season.`);
    const state = game.state();
    const decision = checkContribution({
      text: `${PIERS} Inspect them with divers after every flood season!`,
      speakerId: 'P3',
      state,
      index: indexFromState(state),
      rules: state.spec.rules,
    });
    expect(decision).toMatchObject({ accepted: false, reason: 'repeat', repeatsMessageId: 'M2' });
  });
});

/** A unit vector along axis `i` of 8: texts given the same axis mean the same thing. */
function meaning(i: number): number[] {
  return Array.from({ length: 8 }, (_, j) => (j === i ? 1 : 0));
}

describe('checkContribution with embedding vectors', () => {
  const DECK = 'Hinge the deck at the east bank and lift it with a winch before the flood peak.';
  /** PIERS in other words, in one long clause: new in words throughout. */
  const REWORDED =
    'Secure every column firmly into the underlying rock using metal stakes, because seasonal ' +
    'erosion would otherwise weaken their footing.';
  /** The same, cut into two sentences: neither holds as many content words as PIERS. */
  const REWORDED_IN_TWO =
    'Secure every column into solid rock with metal stakes. Seasonal erosion must never weaken their footing.';
  const LOAD_TEST =
    'A load test with sandbags would show whether the hinges hold before opening day.';

  function gameWithMeanings() {
    const game = scriptGame();
    game.contribute('P1', PIERS);
    game.contribute('P2', DECK);
    const state = game.state();
    const vectors = new Map([
      ['M1', meaning(0)],
      ['M2', meaning(1)],
    ]);
    return { state, index: indexFromState(state, {}, vectors), rules: state.spec.rules };
  }

  function check(text: string, vector?: number[]) {
    const { state, index, rules } = gameWithMeanings();
    return checkContribution({
      text,
      speakerId: 'P3',
      state,
      index: vector ? index.withQueryVector(text, vector) : index,
      rules,
    });
  }

  it('lets a rewording through on words alone, as before', () => {
    expect(check(REWORDED)).toMatchObject({ accepted: true });
    expect(check(REWORDED_IN_TWO)).toMatchObject({ accepted: true });
  });

  it('rejects a rewording close in meaning, though every clause is new in words', () => {
    const decision = check(REWORDED, meaning(0));
    expect(decision).toMatchObject({
      accepted: false,
      reason: 'repeat',
      repeatsMessageId: 'M1',
      similarity: 1,
    });
    if (decision.accepted) return;
    expect(decision.feedback).toMatch(
      /^This says what M1 said, in other words \(similarity in meaning 1\.00\), and adds nothing beyond it: rewording it does not count\. To count as new/,
    );
    expect(decision.feedback).toMatch(/"Foundations"/);
  });

  it('does not count a rewording cut into more sentences as something added', () => {
    expect(check(REWORDED_IN_TWO, meaning(0))).toMatchObject({
      accepted: false,
      reason: 'repeat',
      repeatsMessageId: 'M1',
    });
  });

  it('accepts a rewording with a new claim beyond it', () => {
    const decision = check(`${REWORDED} ${LOAD_TEST}`, meaning(0));
    expect(decision.accepted).toBe(true);
    if (decision.accepted) expect(decision.nearest).toMatchObject({ messageId: 'M1', semantic: 1 });
  });

  it('keeps the rule by words when the words alone make it a repeat', () => {
    expect(check(`${PIERS} ${LOAD_TEST}`, meaning(0))).toMatchObject({ accepted: true });
    const decision = check(PIERS, meaning(0));
    expect(decision).toMatchObject({ accepted: false, repeatsMessageId: 'M1', similarity: 1 });
    if (!decision.accepted)
      expect(decision.feedback).toMatch(/^This repeats M1 \(similarity 1\.00\)/);
  });

  it('accepts a text on another meaning', () => {
    expect(check(REWORDED, meaning(5))).toMatchObject({ accepted: true });
  });
});
