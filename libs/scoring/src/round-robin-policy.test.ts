import { gameRng, hasErrorCode } from '@arena/models';
import { describe, expect, it } from 'vitest';
import { SCORING_ERROR_CODES } from './errors';
import { scriptGame } from './game.fixture';
import { roundRobinPolicy } from './round-robin-policy';

const rng = gameRng(1, 'policy');

describe('roundRobinPolicy', () => {
  it('opens with seat 1 and lists every active player', () => {
    const choice = roundRobinPolicy.select(scriptGame().state(), rng);
    expect(choice).toEqual({
      playerId: 'P1',
      reasoning: 'Round-robin: Ana (P1) holds the first active seat and opens the game.',
      candidates: [
        { playerId: 'P1', weight: 1 },
        { playerId: 'P2', weight: 0 },
        { playerId: 'P3', weight: 0 },
        { playerId: 'P4', weight: 0 },
      ],
    });
  });

  it('follows seat order after the last speaker and wraps around', () => {
    const game = scriptGame();
    game.contribute('P1', 'One.');
    expect(roundRobinPolicy.select(game.state(), rng).playerId).toBe('P2');
    game.contribute('P4', 'Four.');
    const choice = roundRobinPolicy.select(game.state(), rng);
    expect(choice.playerId).toBe('P1');
    expect(choice.reasoning).toBe('Round-robin: Ana (P1) sits next after Di (P4), who spoke last.');
  });

  it('skips eliminated players, even when the last speaker was just eliminated', () => {
    const game = scriptGame();
    game.contribute('P2', 'Two.');
    game.eliminate('P3');
    expect(roundRobinPolicy.select(game.state(), rng).playerId).toBe('P4');
    game.eliminate('P2');
    expect(roundRobinPolicy.select(game.state(), rng).playerId).toBe('P4');
  });

  it('throws a coded error when nobody is active', () => {
    const game = scriptGame();
    for (const id of ['P1', 'P2', 'P3', 'P4']) game.eliminate(id);
    let caught: unknown;
    try {
      roundRobinPolicy.select(game.state(), rng);
    } catch (e) {
      caught = e;
    }
    expect(hasErrorCode(caught, SCORING_ERROR_CODES.NO_ACTIVE_PLAYERS)).toBe(true);
  });
});
