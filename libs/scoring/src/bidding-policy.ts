import type { GameState, Rng } from '@arena/models';
import { activeSeats, lastSpeaker } from './active-seats';
import type { SpeakerChoice } from './turn-policy';

/** One player's bid for the floor. */
export interface Bid {
  playerId: string;
  /** How urgently it wants to speak, in [0, 1]; 0 when it could not bid. */
  urgency: number;
  /** One line, in character. */
  reason: string;
}

/** Bids closer than this always count as a tie (`rules.bidding.tieMargin` may widen it). */
const TIE = 1e-9;

/** Turns since the player last spoke (everyone who never spoke waits "forever"). */
function waiting(state: GameState, lastSpokeTurn: number | null): number {
  return lastSpokeTurn === null ? Number.POSITIVE_INFINITY : state.turn - lastSpokeTurn;
}

/**
 * The `bidding` policy (ARENA.md §6): every active player bids an urgency with a one-line reason;
 * the highest bid speaks; ties go to the player who has waited longest, then to the seeded RNG.
 * The bids are returned for the record: winning the floor is measurable behaviour.
 *
 * @example
 * const choice = selectByBids(state, bids, gameRng(seed, `turn:${turn}:policy`));
 */
export function selectByBids(state: GameState, bids: readonly Bid[], rng: Rng): SpeakerChoice {
  const seats = activeSeats(state);
  const urgency = new Map(bids.map((b) => [b.playerId, b.urgency]));
  const top = Math.max(...seats.map((p) => urgency.get(p.id) ?? 0));
  const margin = Math.max(TIE, state.spec.rules.bidding.tieMargin);
  const highest = seats.filter((p) => top - (urgency.get(p.id) ?? 0) <= margin);
  const longest = Math.max(...highest.map((p) => waiting(state, p.lastSpokeTurn)));
  const tied = highest.filter((p) => waiting(state, p.lastSpokeTurn) === longest);
  const winner = tied.length === 1 ? (tied[0] as (typeof tied)[number]) : rng.pick(tied);
  const shown = seats
    .map((p) => {
      const bid = bids.find((b) => b.playerId === p.id);
      return `${p.name} ${(bid?.urgency ?? 0).toFixed(2)}${bid?.reason ? ` ("${bid.reason}")` : ' (no bid)'}`;
    })
    .join('; ');
  const why =
    highest.length === 1
      ? 'the highest bid'
      : tied.length === 1
        ? `tied on the highest bid and waited longest`
        : `tied on the highest bid and on waiting; the seeded draw picked them`;
  const last = lastSpeaker(state);
  return {
    playerId: winner.id,
    reasoning: `Bidding: ${winner.name} (${winner.id}) speaks with ${why}${last ? ` (${last.name} spoke last)` : ''}. Bids: ${shown}.`,
    candidates: seats.map((p) => ({ playerId: p.id, weight: urgency.get(p.id) ?? 0 })),
  };
}
