import { activePlayers, type GameState, type Phase } from '@arena/models';

/**
 * The game's phase from the share of max turns played and of players eliminated, with the
 * boundaries of `rules.phases` (by default: `final` from 85% of the turns or once only two of
 * more than two players remain, `late` from 60% of the turns or half the players eliminated,
 * `early` below 25% of the turns, `mid` otherwise).
 */
export function phaseFor(state: GameState): Phase {
  const bounds = state.spec.rules.phases;
  const total = state.players.length;
  const active = activePlayers(state).length;
  const turnShare = state.turn / state.spec.maxTurns;
  const eliminatedShare = total === 0 ? 0 : (total - active) / total;
  if (
    turnShare >= bounds.finalFrom ||
    (total > bounds.finalSurvivors && active <= bounds.finalSurvivors)
  ) {
    return 'final';
  }
  if (turnShare >= bounds.lateFrom || eliminatedShare >= bounds.lateEliminated) return 'late';
  if (turnShare < bounds.midFrom) return 'early';
  return 'mid';
}
