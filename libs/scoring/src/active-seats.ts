import { activePlayers, ArenaError, type GameState, type PlayerState } from '@arena/models';
import { SCORING_ERROR_CODES } from './errors';

/** Active players in seat order; throws when nobody is left to speak. */
export function activeSeats(state: GameState): PlayerState[] {
  const active = activePlayers(state)
    .slice()
    .sort((a, b) => a.seat - b.seat);
  if (active.length === 0) {
    throw new ArenaError(`Game ${state.gameId} has no active player to give the floor to`, {
      code: SCORING_ERROR_CODES.NO_ACTIVE_PLAYERS,
      details: { gameId: state.gameId, turn: state.turn },
    });
  }
  return active;
}

/** The player who spoke most recently (greatest lastSpokeTurn), active or not. */
export function lastSpeaker(state: GameState): PlayerState | undefined {
  return state.players.reduce<PlayerState | undefined>(
    (last, p) =>
      p.lastSpokeTurn !== null &&
      (last?.lastSpokeTurn == null || p.lastSpokeTurn > last.lastSpokeTurn)
        ? p
        : last,
    undefined,
  );
}
