import type { GameState, Phase } from '@arena/models';

/**
 * The game's phase, from the share of max turns played and of players eliminated, with the
 * boundaries of `rules.phases` (by default: `final` from 85% of the turns or once only two of
 * more than two players remain, `late` from 60% of the turns or half the players eliminated,
 * `early` below 25% of the turns, `mid` otherwise).
 *
 * Both shares are read as they stood when the current round started, so the phase (and with it
 * the weights) only moves on between rounds: every player of a round is scored under the same
 * weights, whatever its seat.
 */
export function phaseFor(state: GameState): Phase {
  const bounds = state.spec.rules.phases;
  const roundStart = state.roundStartTurn;
  const total = state.players.length;
  const eliminated = state.players.filter(
    (p) => p.eliminatedTurn !== null && p.eliminatedTurn < roundStart,
  ).length;
  const active = total - eliminated;
  const turnShare = (roundStart - 1) / state.spec.maxTurns;
  const eliminatedShare = total === 0 ? 0 : eliminated / total;
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
