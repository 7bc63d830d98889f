import { activePlayers, type GameState, type Phase } from '@arena/models';

/**
 * The game's phase from the share of max turns played and of players eliminated: `final` from
 * 85% of the turns or once only two of more than two players remain, `late` from 60% of the
 * turns or half the players eliminated, `early` below 25% of the turns, `mid` otherwise.
 */
export function phaseFor(state: GameState): Phase {
  const total = state.players.length;
  const active = activePlayers(state).length;
  const turnShare = state.turn / state.spec.maxTurns;
  const eliminatedShare = total === 0 ? 0 : (total - active) / total;
  if (turnShare >= 0.85 || (total > 2 && active <= 2)) return 'final';
  if (turnShare >= 0.6 || eliminatedShare >= 0.5) return 'late';
  if (turnShare < 0.25) return 'early';
  return 'mid';
}
