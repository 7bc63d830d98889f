import { gameRng, TURN_POLICIES } from '@arena/models';
import { testSpec } from '@arena/models/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scriptGame } from './game.fixture';
import { selectSpeaker } from './select-speaker';

describe('selectSpeaker', () => {
  it('dispatches on the game’s policy', () => {
    const roundRobin = selectSpeaker(
      scriptGame(testSpec({ policy: 'round-robin' })).state(),
      gameRng(1, 'p'),
    );
    const weighted = selectSpeaker(
      scriptGame(testSpec({ policy: 'weighted' })).state(),
      gameRng(1, 'p'),
    );
    expect(roundRobin.reasoning).toMatch(/^Round-robin/);
    expect(weighted.reasoning).toMatch(/^(Weighted|Exploration) pick/);
  });

  it('always returns an active player, never the last speaker while others remain (property)', () => {
    const action = fc.record({
      player: fc.constantFrom('P1', 'P2', 'P3', 'P4'),
      kind: fc.constantFrom('contribute', 'forfeit', 'eliminate', 'score'),
      points: fc.double({ min: -1, max: 1, noNaN: true }),
    });
    fc.assert(
      fc.property(
        fc.constantFrom(...TURN_POLICIES),
        fc.array(action, { maxLength: 12 }),
        fc.nat(),
        (policy, actions, seed) => {
          const game = scriptGame(testSpec({ policy }));
          let eliminated = 0;
          for (const a of actions) {
            const alive = game.state().players.find((p) => p.id === a.player)?.status === 'active';
            if (!alive) continue;
            if (a.kind === 'eliminate' && eliminated < 3) {
              game.eliminate(a.player);
              eliminated++;
            } else if (a.kind === 'forfeit') game.forfeit(a.player);
            else if (a.kind !== 'eliminate') {
              const id = game.contribute(a.player, `An idea from ${a.player} worth ${a.points}.`, [
                'M1',
              ]);
              if (a.kind === 'score') game.score(a.player, id, a.points);
            }
          }
          const state = game.state();
          const choice = selectSpeaker(state, gameRng(seed, 'policy'));
          const active = state.players.filter((p) => p.status === 'active');
          expect(active.map((p) => p.id)).toContain(choice.playerId);
          expect(choice.candidates.map((c) => c.playerId).sort()).toEqual(
            active.map((p) => p.id).sort(),
          );
          const last = [...state.players].sort(
            (a, b) => (b.lastSpokeTurn ?? -1) - (a.lastSpokeTurn ?? -1),
          )[0];
          if (policy === 'weighted' && active.length > 1 && last?.lastSpokeTurn !== null) {
            expect(choice.playerId).not.toBe(last?.id);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
