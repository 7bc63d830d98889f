import { describe, expect, it } from 'vitest';
import { scriptGame } from './game.fixture';
import { isRoundComplete } from './is-round-complete';

describe('isRoundComplete', () => {
  it('is complete once every active player has had the floor', () => {
    const game = scriptGame();
    game.contribute('P1', 'One.');
    game.contribute('P2', 'Two.');
    game.forfeit('P3');
    expect(isRoundComplete(game.state())).toBe(false);
    game.contribute('P4', 'Four.');
    expect(isRoundComplete(game.state())).toBe(true);
    game.endRound();
    expect(isRoundComplete(game.state())).toBe(false);
  });

  it('does not wait for eliminated players', () => {
    const game = scriptGame();
    game.contribute('P1', 'One.');
    game.contribute('P2', 'Two.');
    game.contribute('P3', 'Three.');
    game.eliminate('P4');
    expect(isRoundComplete(game.state())).toBe(true);
  });

  it('closes a round after twice as many turns as active players', () => {
    const game = scriptGame();
    for (let t = 0; t < 7; t++) game.contribute(t % 2 === 0 ? 'P1' : 'P2', `Turn ${t}.`);
    expect(isRoundComplete(game.state())).toBe(false);
    game.contribute('P1', 'Turn 8.');
    expect(isRoundComplete(game.state())).toBe(true);
  });
});
