import { activePlayers, type GameState } from '@arena/models';

/**
 * True when an elimination is due at the end of the current round (state.round is the round
 * just finished, before `round_ended` is recorded): after the warm-up, every N-th round, while
 * more than `minSurvivors` players are active.
 */
export function isEliminationDue(state: GameState): boolean {
  const { warmupRounds, everyRounds, minSurvivors } = state.spec.rules.elimination;
  const r = state.round;
  return (
    r > warmupRounds &&
    (r - warmupRounds) % everyRounds === 0 &&
    activePlayers(state).length > minSurvivors
  );
}
