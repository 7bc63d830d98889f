import { DEFAULT_RULES, gameRng } from '@arena/models';
import { testSpec } from '@arena/models/testing';
import { describe, expect, it } from 'vitest';
import { scriptGame } from './game.fixture';
import { weightedPolicy } from './weighted-policy';

function spec(weighted: Partial<typeof DEFAULT_RULES.weighted> = {}) {
  return testSpec({
    policy: 'weighted',
    rules: { ...DEFAULT_RULES, weighted: { ...DEFAULT_RULES.weighted, ...weighted } },
  });
}

function picks(state: ReturnType<ReturnType<typeof scriptGame>['state']>, n = 200) {
  const counts: Record<string, number> = {};
  for (let seed = 0; seed < n; seed++) {
    const { playerId } = weightedPolicy.select(state, gameRng(seed, 'policy'));
    counts[playerId] = (counts[playerId] ?? 0) + 1;
  }
  return counts;
}

describe('weightedPolicy', () => {
  it('lists every active player with probabilities that sum to 1', () => {
    const game = scriptGame(spec());
    game.contribute('P1', 'One.');
    game.eliminate('P3');
    const choice = weightedPolicy.select(game.state(), gameRng(3, 'policy'));
    expect(choice.candidates.map((c) => c.playerId)).toEqual(['P1', 'P2', 'P4']);
    expect(choice.candidates.reduce((s, c) => s + c.weight, 0)).toBeCloseTo(1, 3);
    expect(choice.candidates[0]?.weight).toBe(0);
  });

  it('never gives the floor back to the last speaker while someone else is active', () => {
    const game = scriptGame(spec({ epsilon: 0.5 }));
    game.contribute('P2', 'Two.');
    expect(picks(game.state())['P2']).toBeUndefined();
  });

  it('is deterministic for a seed', () => {
    const state = scriptGame(spec()).state();
    expect(weightedPolicy.select(state, gameRng(9, 'p'))).toEqual(
      weightedPolicy.select(state, gameRng(9, 'p')),
    );
  });

  it('favours the player the last contribution cited', () => {
    const game = scriptGame(
      spec({ epsilon: 0, fairness: 0, merit: 0, diversity: 0, momentum: 1, tension: 0 }),
    );
    game.contribute('P1', 'One.');
    game.contribute('P2', 'Two.');
    game.contribute('P3', 'Three.');
    game.contribute('P4', 'I build on what was said.', ['M1']);
    const state = game.state();
    const counts = picks(state);
    expect(counts['P1']).toBeGreaterThan(150);
    const choice = weightedPolicy.select(state, gameRng(0, 'policy'));
    expect(choice.reasoning).toMatch(
      /^Weighted pick: Ana \(P1\), chosen with a \d+% chance, mainly because Ana was cited or named by the last contribution \(M4\)\. Di \(P4\) spoke last/,
    );
  });

  it('favours players in conflict with the last speakers', () => {
    const game = scriptGame(
      spec({ epsilon: 0, fairness: 0, merit: 0, diversity: 0, momentum: 0, tension: 1 }),
    );
    game.contribute('P1', 'One.');
    game.contribute('P3', 'Three.');
    game.accuse({ accuserId: 'P4', accusedId: 'P2', kind: 'other', evidence: [] });
    expect(picks(game.state())['P2']).toBeGreaterThan(150);
  });

  it('favours players who waited longest', () => {
    const game = scriptGame(
      spec({ epsilon: 0, fairness: 1, merit: 0, diversity: 0, momentum: 0, tension: 0 }),
    );
    for (const id of ['P2', 'P3', 'P4', 'P1', 'P3', 'P4', 'P1']) game.contribute(id, `From ${id}.`);
    const counts = picks(game.state());
    expect(counts['P2']).toBeGreaterThan(counts['P3'] ?? 0);
    expect(counts['P2']).toBeGreaterThan(counts['P4'] ?? 0);
  });

  it('says so when the pick is an exploration draw', () => {
    const game = scriptGame(spec({ epsilon: 1 }));
    game.contribute('P1', 'One.');
    const choice = weightedPolicy.select(game.state(), gameRng(0, 'policy'));
    expect(choice.reasoning).toMatch(
      /^Exploration pick: .+ was drawn uniformly from 3 eligible players, setting the weights aside \(this happens 100% of the time\)\./,
    );
    expect(new Set(Object.keys(picks(game.state())))).toEqual(new Set(['P2', 'P3', 'P4']));
  });

  it('lets the only active player speak again', () => {
    const game = scriptGame(spec());
    game.contribute('P1', 'One.');
    for (const id of ['P2', 'P3', 'P4']) game.eliminate(id);
    expect(weightedPolicy.select(game.state(), gameRng(0, 'policy')).playerId).toBe('P1');
  });
});
