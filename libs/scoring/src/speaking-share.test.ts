import { describe, expect, it } from 'vitest';
import { speakingShare } from './speaking-share';
import { scriptGame } from './game.fixture';
import { testSpec } from '@arena/models/testing';

/** A game in which player i took turns[i] turns (forfeits are turns too). */
function stateWith({ turns }: { turns: number[] }) {
  const spec = testSpec();
  const game = scriptGame({ ...spec, seats: spec.seats.slice(0, turns.length) });
  turns.forEach((count, i) => {
    for (let t = 0; t < count; t++) game.forfeit(`P${i + 1}`);
  });
  return game.state();
}

describe('speakingShare', () => {
  it('is 0 Gini for an equal share and grows when one player grabs the floor', () => {
    const equal = speakingShare(stateWith({ turns: [3, 3, 3, 3] }));
    expect(equal.gini).toBe(0);
    expect(equal.maxShare).toBe(0.25);
    expect(equal.players.map((p) => p.ratio)).toEqual([1, 1, 1, 1]);
    const grabbed = speakingShare(stateWith({ turns: [9, 1, 1, 1] }));
    expect(grabbed.gini).toBeCloseTo(0.5, 5);
    expect(grabbed.maxShare).toBe(0.75);
    expect(grabbed.players[0]?.ratio).toBe(3);
  });

  it('is all zeros before anyone spoke', () => {
    const none = speakingShare(stateWith({ turns: [0, 0] }));
    expect(none).toEqual({
      players: [
        { playerId: 'P1', turns: 0, share: 0, ratio: 0 },
        { playerId: 'P2', turns: 0, share: 0, ratio: 0 },
      ],
      gini: 0,
      maxShare: 0,
    });
  });
});
