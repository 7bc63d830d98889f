import { activeSeats, lastSpeaker } from './active-seats';
import type { TurnPolicy } from './turn-policy';

/**
 * The next active player in seat order after the last speaker (the player with the greatest
 * lastSpokeTurn), wrapping around; seat 1 (or the first active seat) opens the game.
 */
export const roundRobinPolicy: TurnPolicy = {
  name: 'round-robin',
  select(state) {
    const seats = activeSeats(state);
    const last = lastSpeaker(state);
    const next =
      (last && seats.find((p) => p.seat > last.seat)) ?? (seats[0] as (typeof seats)[number]);
    const reasoning = last
      ? `Round-robin: ${next.name} (${next.id}) sits next after ${last.name} (${last.id}), who spoke last.`
      : `Round-robin: ${next.name} (${next.id}) holds the first active seat and opens the game.`;
    return {
      playerId: next.id,
      reasoning,
      candidates: seats.map((p) => ({ playerId: p.id, weight: p.id === next.id ? 1 : 0 })),
    };
  },
};
