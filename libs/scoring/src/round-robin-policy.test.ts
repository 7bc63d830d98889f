import { gameRng, hasErrorCode } from '@arena/models';
import { describe, expect, it } from 'vitest';
import { SCORING_ERROR_CODES } from './errors';
import { scriptGame, type GameScript } from './game.fixture';
import { roundRobinPolicy } from './round-robin-policy';

const rng = gameRng(1, 'policy');

/**
 * Plays `rounds` rounds in which the policy picks every speaker, except that seat 1 opens a game
 * nobody has spoken in yet (as if the seeded draw had picked it); the seat order of each round.
 */
function playRounds(game: GameScript, rounds: number): string[] {
  const orders: string[] = [];
  for (let r = 0; r < rounds; r++) {
    const active = game.state().players.filter((p) => p.eliminatedTurn === null).length;
    let order = '';
    for (let t = 0; t < active; t++) {
      const fresh = game.state().players.every((p) => p.lastSpokeTurn === null);
      const id = fresh ? 'P1' : roundRobinPolicy.select(game.state(), rng).playerId;
      game.contribute(id, `Turn by ${id}.`);
      order += id.slice(1);
    }
    game.endRound();
    orders.push(order);
  }
  return orders;
}

describe('roundRobinPolicy', () => {
  it('opens with a seat drawn from the seed, and lists every active player', () => {
    const state = scriptGame().state();
    const opener = (seed: number) =>
      roundRobinPolicy.select(state, gameRng(seed, 'turn:1:policy')).playerId;
    const choice = roundRobinPolicy.select(state, gameRng(3, 'turn:1:policy'));
    const name = state.players.find((p) => p.id === choice.playerId)?.name;
    expect(choice.reasoning).toBe(
      `Round-robin: ${name} (${choice.playerId}) was drawn by the game's seed to open the game; the order then follows the seats.`,
    );
    expect(choice.candidates.map((c) => c.playerId)).toEqual(['P1', 'P2', 'P3', 'P4']);
    expect(choice.candidates.filter((c) => c.weight === 1)).toEqual([
      { playerId: choice.playerId, weight: 1 },
    ]);
    expect(opener(3)).toBe(choice.playerId);
    const openers = new Set(Array.from({ length: 40 }, (_, seed) => opener(seed)));
    expect(openers).toEqual(new Set(['P1', 'P2', 'P3', 'P4']));
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

  it('opens each round one seat further on, so every player holds every position once', () => {
    expect(playRounds(scriptGame(), 5)).toEqual(['1234', '2341', '3412', '4123', '1234']);
  });

  it('never gives the floor twice in a row while another player is active', () => {
    const game = scriptGame();
    playRounds(game, 1);
    game.eliminate('P4');
    game.eliminate('P3');
    expect(playRounds(game, 3)).toEqual(['21', '21', '21']);
  });

  it('explains the rotation when a round opens', () => {
    const game = scriptGame();
    playRounds(game, 1);
    const choice = roundRobinPolicy.select(game.state(), rng);
    expect(choice.playerId).toBe('P2');
    expect(choice.reasoning).toBe(
      'Round-robin: round 2 opens one seat further on, with Bo (P2); Ana (P1), next after Di (P4), closes it.',
    );
  });

  it('keeps rotating when the last speaker of a round is eliminated', () => {
    const game = scriptGame();
    playRounds(game, 1);
    game.eliminate('P4');
    expect(playRounds(game, 3)).toEqual(['231', '312', '123']);
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
