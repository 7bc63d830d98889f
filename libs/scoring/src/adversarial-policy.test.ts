import {
  applyEvent,
  DEFAULT_RULES,
  envelopeEvent,
  gameRng,
  TURN_POLICIES,
  type GameState,
} from '@arena/models';
import { testSpec } from '@arena/models/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adversarialPolicy } from './adversarial-policy';
import { scriptGame } from './game.fixture';

type AdversarialWeights = typeof DEFAULT_RULES.adversarial;

function spec(adversarial: Partial<AdversarialWeights> = {}) {
  return testSpec({
    policy: 'adversarial',
    rules: { ...DEFAULT_RULES, adversarial: { ...DEFAULT_RULES.adversarial, ...adversarial } },
  });
}

/**
 * The state after the judge scored `messageId` with the given radical-idea and manipulation
 * scores (and `points`), applied through the fold like any recorded score.
 */
function scoredRisk(
  state: GameState,
  input: { playerId: string; messageId: string; radical: number; manipulation: number },
  points = 0.5,
): GameState {
  const zero = {
    novelty: 0,
    builds_on_others: 0,
    solves_subproblem: 0,
    radical_idea: 0,
    manipulation: 0,
  };
  const words = {
    novelty: '',
    builds_on_others: '',
    solves_subproblem: '',
    radical_idea: '',
    manipulation: '',
  };
  const turn = state.messages.find((m) => m.id === input.messageId)?.turn ?? state.turn;
  return applyEvent(
    state,
    envelopeEvent(state.gameId, state.lastSeq + 1, Date.UTC(2026, 0, 2), {
      type: 'contribution_scored',
      payload: {
        turn,
        playerId: input.playerId,
        messageId: input.messageId,
        phase: 'early',
        scores: { ...zero, radical_idea: input.radical, manipulation: input.manipulation },
        weights: zero,
        points,
        rationales: words,
        coverage: {},
        detectorHits: [],
        judge: 'script',
      },
    }),
  );
}

/** How often each player is picked over `runs` seeds. */
function picks(state: GameState, runs = 400): Record<string, number> {
  const counts: Record<string, number> = {};
  for (let seed = 0; seed < runs; seed++) {
    const { playerId } = adversarialPolicy.select(state, gameRng(seed, 'policy'));
    counts[playerId] = (counts[playerId] ?? 0) + 1;
  }
  return counts;
}

/**
 * Ana, Bo, Cy and Di have each spoken once, in that order; Bo's contribution was scored as a
 * big risk (radical 0.9) and everyone else's as safe (0.1), all with the same points.
 */
function boTakesRisks(adversarial: Partial<AdversarialWeights> = {}): GameState {
  const game = scriptGame(spec(adversarial));
  const ids = ['P1', 'P2', 'P3', 'P4'].map((id) => ({
    id,
    messageId: game.contribute(id, `An idea from ${id}.`),
  }));
  let state = game.state();
  for (const { id, messageId } of ids) {
    const radical = id === 'P2' ? 0.9 : 0.1;
    state = scoredRisk(state, { playerId: id, messageId, radical, manipulation: 0 });
  }
  return state;
}

/**
 * Bo, Cy and Ana contribute, then Di accuses Ana: Ana is in an accusation with the last speaker
 * although she waited least; nobody has been scored, so risk and standings are even.
 */
function anaAccusedByLastSpeaker(adversarial: Partial<AdversarialWeights> = {}): GameState {
  const game = scriptGame(spec(adversarial));
  game.contribute('P2', 'Two.');
  game.contribute('P3', 'Three.');
  game.contribute('P1', 'One.');
  game.accuse({ accuserId: 'P4', accusedId: 'P1', kind: 'manipulation', evidence: [] });
  return game.state();
}

describe('adversarialPolicy', () => {
  it('is deterministic for a seed', () => {
    const state = boTakesRisks();
    for (let seed = 0; seed < 30; seed++) {
      expect(adversarialPolicy.select(state, gameRng(seed, 'p'))).toEqual(
        adversarialPolicy.select(state, gameRng(seed, 'p')),
      );
    }
  });

  it('lists every active player with weights that sum to 1, the last speaker at 0', () => {
    const game = scriptGame(spec());
    game.contribute('P1', 'One.');
    game.contribute('P2', 'Two.');
    game.eliminate('P3');
    const choice = adversarialPolicy.select(game.state(), gameRng(3, 'policy'));
    expect(choice.candidates.map((c) => c.playerId)).toEqual(['P1', 'P2', 'P4']);
    expect(choice.candidates.reduce((s, c) => s + c.weight, 0)).toBeCloseTo(1, 3);
    expect(choice.candidates.find((c) => c.playerId === 'P2')?.weight).toBe(0);
  });

  it('never gives the last speaker the floor twice in a row while others are active', () => {
    for (const chaos of [0, 0.15, 1]) {
      const state = boTakesRisks({ chaos });
      // Di spoke last; Bo, the risk-taker, is favoured but Di never is.
      expect(picks(state)['P4']).toBeUndefined();
    }
    const riskyLast = scriptGame(spec({ risk: 1, tension: 0, fairness: 0, chaos: 0 }));
    const id = riskyLast.contribute('P2', 'A radical idea.');
    const state = scoredRisk(riskyLast.state(), {
      playerId: 'P2',
      messageId: id,
      radical: 1,
      manipulation: 1,
    });
    expect(picks(state)['P2']).toBeUndefined();
  });

  it('never picks the last speaker over other active players, whatever happened (property)', () => {
    const action = fc.record({
      player: fc.constantFrom('P1', 'P2', 'P3', 'P4'),
      kind: fc.constantFrom('contribute', 'forfeit', 'eliminate', 'accuse'),
      radical: fc.double({ min: 0, max: 1, noNaN: true }),
      points: fc.double({ min: -1, max: 1, noNaN: true }),
    });
    fc.assert(
      fc.property(
        fc.array(action, { maxLength: 12 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.nat(),
        (actions, chaos, seed) => {
          const game = scriptGame(spec({ chaos }));
          let state = game.state();
          const scores: Array<{ playerId: string; messageId: string; radical: number }> = [];
          let eliminated = 0;
          for (const a of actions) {
            const alive = state.players.filter((p) => p.status === 'active').map((p) => p.id);
            if (!alive.includes(a.player)) continue;
            if (a.kind === 'eliminate' && eliminated < 3) {
              game.eliminate(a.player);
              eliminated++;
            } else if (a.kind === 'forfeit') game.forfeit(a.player);
            else if (a.kind === 'accuse' && alive.length > 1) {
              const accusedId = alive.find((id) => id !== a.player) as string;
              game.accuse({ accuserId: a.player, accusedId, kind: 'other', evidence: [] });
            } else if (a.kind !== 'eliminate') {
              const messageId = game.contribute(a.player, `An idea worth ${a.points}.`);
              scores.push({ playerId: a.player, messageId, radical: a.radical });
            }
            state = game.state();
          }
          for (const s of scores) state = scoredRisk(state, { ...s, manipulation: 0 });
          const choice = adversarialPolicy.select(state, gameRng(seed, 'policy'));
          const active = state.players.filter((p) => p.status === 'active');
          expect(active.map((p) => p.id)).toContain(choice.playerId);
          expect(choice.candidates.reduce((t, c) => t + c.weight, 0)).toBeCloseTo(1, 3);
          const last = [...state.players]
            .filter((p) => p.lastSpokeTurn !== null)
            .sort((a, b) => (b.lastSpokeTurn ?? 0) - (a.lastSpokeTurn ?? 0))[0];
          if (last && active.length > 1) expect(choice.playerId).not.toBe(last.id);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('favours the risk-taker under the default weights', () => {
    const state = boTakesRisks();
    const counts = picks(state);
    expect(counts['P2']).toBeGreaterThan((counts['P1'] ?? 0) + 50);
    expect(counts['P2']).toBeGreaterThan((counts['P3'] ?? 0) + 50);
    const choice = adversarialPolicy.select(state, gameRng(0, 'policy'));
    const weight = (id: string) => choice.candidates.find((c) => c.playerId === id)?.weight ?? 0;
    expect(weight('P2')).toBeGreaterThan(weight('P1'));
    expect(weight('P2')).toBeGreaterThan(weight('P3'));
  });

  it('with risk alone, gives the risk-taker the floor most of the time and says why', () => {
    const state = boTakesRisks({ risk: 1, tension: 0, fairness: 0, chaos: 0 });
    expect(picks(state)['P2']).toBeGreaterThan(300);
    const choice = adversarialPolicy.select(state, gameRng(0, 'policy'));
    expect(choice.playerId).toBe('P2');
    expect(choice.reasoning).toMatch(
      /^Adversarial pick: Bo \(P2\), chosen with a \d+% chance, mainly because Bo takes risks \(radical or manipulative, 0\.90\)\.$/,
    );
  });

  it('counts manipulation as risk as much as a radical idea', () => {
    const game = scriptGame(spec({ risk: 1, tension: 0, fairness: 0, chaos: 0 }));
    const ids = ['P1', 'P2', 'P3', 'P4'].map((id) => game.contribute(id, `From ${id}.`));
    let state = game.state();
    ids.forEach((messageId, i) => {
      const playerId = `P${i + 1}`;
      const manipulation = playerId === 'P3' ? 0.9 : 0.1;
      state = scoredRisk(state, { playerId, messageId, radical: 0.1, manipulation });
    });
    expect(picks(state)['P3']).toBeGreaterThan(300);
  });

  it('favours a player in an accusation with the last speaker under the default weights', () => {
    const state = anaAccusedByLastSpeaker();
    const counts = picks(state);
    expect(counts['P1']).toBeGreaterThan((counts['P2'] ?? 0) + 40);
    expect(counts['P1']).toBeGreaterThan((counts['P3'] ?? 0) + 40);
  });

  it('names the accusation when tension decides the pick', () => {
    const state = anaAccusedByLastSpeaker({ risk: 0, tension: 1, fairness: 0, chaos: 0 });
    expect(picks(state)['P1']).toBeGreaterThan(300);
    const choice = adversarialPolicy.select(state, gameRng(0, 'policy'));
    expect(choice.playerId).toBe('P1');
    expect(choice.reasoning).toMatch(
      /^Adversarial pick: Ana \(P1\), chosen with a \d+% chance, mainly because Ana has an accusation between them and Di, who spoke last\.$/,
    );
  });

  it('names close standings with the last speaker as tension', () => {
    const game = scriptGame(
      spec({ risk: 0, tension: 1, fairness: 0, chaos: 0, temperature: 0.05 }),
    );
    const ids = ['P1', 'P2', 'P3', 'P4'].map((id) => game.contribute(id, `From ${id}.`));
    let state = game.state();
    const points = [0.1, 0.58, 0.9, 0.6];
    ids.forEach((messageId, i) => {
      state = scoredRisk(
        state,
        { playerId: `P${i + 1}`, messageId, radical: 0.5, manipulation: 0 },
        points[i],
      );
    });
    const choice = adversarialPolicy.select(state, gameRng(0, 'policy'));
    expect(choice.playerId).toBe('P2');
    expect(choice.reasoning).toContain('Bo is neck and neck with Di, who spoke last');
  });

  it('names the wait when fairness decides the pick, and an unscored player as such', () => {
    const game = scriptGame(
      spec({ risk: 0, tension: 0, fairness: 1, chaos: 0, temperature: 0.05 }),
    );
    for (const id of ['P2', 'P3', 'P4', 'P1', 'P3', 'P4', 'P1']) game.contribute(id, `From ${id}.`);
    const choice = adversarialPolicy.select(game.state(), gameRng(0, 'policy'));
    expect(choice.playerId).toBe('P2');
    expect(choice.reasoning).toMatch(/mainly because Bo has waited 6 turns\.$/);

    const fresh = scriptGame(spec({ risk: 1, tension: 0, fairness: 1, chaos: 0 }));
    fresh.contribute('P1', 'One.');
    const opening = adversarialPolicy.select(fresh.state(), gameRng(0, 'policy'));
    expect(opening.reasoning).toMatch(/has not spoken yet and has not been scored yet\.$/);
  });

  it('is uniform with chaos 1, and says it was a chaos pick', () => {
    const state = boTakesRisks({ chaos: 1 });
    const choice = adversarialPolicy.select(state, gameRng(0, 'policy'));
    expect(choice.reasoning).toMatch(
      /^Chaos pick: .+ \(P[123]\) was drawn uniformly from 3 eligible players \(this happens 100% of the time\)\.$/,
    );
    expect(choice.candidates).toEqual([
      { playerId: 'P1', weight: 0.3333 },
      { playerId: 'P2', weight: 0.3333 },
      { playerId: 'P3', weight: 0.3333 },
      { playerId: 'P4', weight: 0 },
    ]);
    const counts = picks(state, 600);
    for (const id of ['P1', 'P2', 'P3']) {
      expect(counts[id]).toBeGreaterThan(160);
      expect(counts[id]).toBeLessThan(240);
    }
  });

  it('lets the only active player speak again', () => {
    const game = scriptGame(spec());
    game.contribute('P1', 'One.');
    for (const id of ['P2', 'P3', 'P4']) game.eliminate(id);
    expect(adversarialPolicy.select(game.state(), gameRng(0, 'policy')).playerId).toBe('P1');
  });

  it('is one of the policies a game may name', () => {
    expect(TURN_POLICIES).toContain(adversarialPolicy.name);
  });
});
