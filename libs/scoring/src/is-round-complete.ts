import { activePlayers, type GameState } from '@arena/models';

/**
 * True when every active player has had the floor since the last round check
 * (state.roundSpeakers), or a safety cap of 2×active turns since state.roundStartTurn has
 * passed (a weighted policy may keep skipping someone).
 */
export function isRoundComplete(state: GameState): boolean {
  const active = activePlayers(state);
  if (active.length === 0) return true;
  if (active.every((p) => state.roundSpeakers.includes(p.id))) return true;
  const turnsThisRound = state.turn - state.roundStartTurn + 1;
  return turnsThisRound >= 2 * active.length;
}
