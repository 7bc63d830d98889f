import type { GameState, SpeakingShare } from '@arena/models';

/**
 * How the floor was shared: each player's turns, share and ratio to an equal share, the Gini
 * coefficient of turns, and the largest share. A policy that lets one player grab the floor
 * shows as a high `maxShare` and `gini`.
 *
 * @example
 * const { gini, players } = speakingShare(state);
 */
export function speakingShare(state: GameState): SpeakingShare {
  const turns = state.players.map((p) => p.turns);
  const total = turns.reduce((a, b) => a + b, 0);
  const n = state.players.length;
  const players = state.players.map((p) => {
    const share = total === 0 ? 0 : p.turns / total;
    return { playerId: p.id, turns: p.turns, share, ratio: share * n };
  });
  let gini = 0;
  if (total > 0 && n > 1) {
    const sorted = [...turns].sort((a, b) => a - b);
    const weighted = sorted.reduce((acc, t, i) => acc + (2 * (i + 1) - n - 1) * t, 0);
    gini = Math.min(1, Math.max(0, weighted / (n * total)));
  }
  return { players, gini, maxShare: Math.max(0, ...players.map((p) => p.share)) };
}
