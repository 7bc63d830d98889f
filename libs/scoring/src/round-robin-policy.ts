import type { GameState, PlayerState } from '@arena/models';
import { activeSeats, lastSpeaker } from './active-seats';
import type { TurnPolicy } from './turn-policy';

/** The active players in seat order, starting with the first seat after `seat`, wrapping around. */
function seatsAfter(seats: PlayerState[], seat: number): PlayerState[] {
  const i = seats.findIndex((p) => p.seat > seat);
  return i <= 0 ? seats : [...seats.slice(i), ...seats.slice(0, i)];
}

/** True when nobody has spoken since the current round started (its first turn is being given). */
function opensRound(state: GameState, last: PlayerState): boolean {
  return last.lastSpokeTurn !== null && last.lastSpokeTurn < state.roundStartTurn;
}

/**
 * Round-robin over the active players with a rotating opener. Within a round the floor passes
 * to the next active seat after the last speaker, wrapping around; a seat drawn with the game's
 * seed opens the game, and each later round opens one seat further on: the floor skips the seat
 * right after the last speaker, which closes the new round instead.
 *
 * Scores fall as a game goes on (less is left to be new or to solve), so under a fixed order
 * the players seated first would bank their points earlier in every round and the last seats
 * would be eliminated more often. With the rotation every player holds every position of the
 * order once in as many rounds as there are players, and nobody is given the floor twice in a
 * row while another player is active. The seeded opener keeps the first rounds' head start from
 * always falling to the same seat.
 *
 * @example
 * // four players, seat 1 drawn to open, no eliminations: 1 2 3 4 | 2 3 4 1 | 3 4 1 2 | 4 1 2 3 …
 * roundRobinPolicy.select(state, rng).playerId;
 */
export const roundRobinPolicy: TurnPolicy = {
  name: 'round-robin',
  select(state, rng) {
    const seats = activeSeats(state);
    const last = lastSpeaker(state);
    if (!last) {
      const opener = rng.pick(seats);
      return choice(
        seats,
        opener,
        `Round-robin: ${opener.name} (${opener.id}) was drawn by the game's seed to open the game; the order then follows the seats.`,
      );
    }
    const after = seatsAfter(seats, last.seat);
    const [skipped, opener] = after;
    if (skipped && opener && opener.id !== last.id && opensRound(state, last)) {
      return choice(
        seats,
        opener,
        `Round-robin: round ${state.round} opens one seat further on, with ${opener.name} (${opener.id}); ${skipped.name} (${skipped.id}), next after ${last.name} (${last.id}), closes it.`,
      );
    }
    const next = after[0] as PlayerState;
    return choice(
      seats,
      next,
      `Round-robin: ${next.name} (${next.id}) sits next after ${last.name} (${last.id}), who spoke last.`,
    );
  },
};

function choice(seats: PlayerState[], next: PlayerState, reasoning: string) {
  return {
    playerId: next.id,
    reasoning,
    candidates: seats.map((p) => ({ playerId: p.id, weight: p.id === next.id ? 1 : 0 })),
  };
}
