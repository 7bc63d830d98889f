import { testSpec } from '@arena/models/testing';
import { describe, expect, it } from 'vitest';
import { scriptGame } from './game.fixture';
import { phaseFor } from './phase-for';

function afterTurns(turns: number, eliminated: string[] = [], spec = testSpec({ maxTurns: 20 })) {
  const game = scriptGame(spec);
  for (let t = 0; t < turns; t++) game.contribute(`P${(t % 4) + 1}`, `Turn ${t} idea.`);
  for (const id of eliminated) game.eliminate(id);
  return game.state();
}

describe('phaseFor', () => {
  it('moves from early to final with the share of turns played', () => {
    expect(phaseFor(afterTurns(0))).toBe('early');
    expect(phaseFor(afterTurns(4))).toBe('early');
    expect(phaseFor(afterTurns(5))).toBe('mid');
    expect(phaseFor(afterTurns(12))).toBe('late');
    expect(phaseFor(afterTurns(17))).toBe('final');
  });

  it('moves on when players are eliminated', () => {
    expect(phaseFor(afterTurns(5, ['P1', 'P2']))).toBe('final');
    const six = testSpec({
      maxTurns: 20,
      seats: [...testSpec().seats, ...testSpec().seats].slice(0, 6).map((s, i) => ({
        ...s,
        playerId: `P${i + 1}`,
        seat: i + 1,
      })),
    });
    expect(phaseFor(afterTurns(5, ['P1', 'P2', 'P3'], six))).toBe('late');
  });

  it('does not call a two-player game final from the start', () => {
    const duel = testSpec({ maxTurns: 20, seats: testSpec().seats.slice(0, 2) });
    const game = scriptGame(duel);
    game.contribute('P1', 'An opening idea about piers.');
    expect(phaseFor(game.state())).toBe('early');
  });
});
