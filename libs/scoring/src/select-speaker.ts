import type { GameState, Rng } from '@arena/models';
import { adversarialPolicy } from './adversarial-policy';
import { selectByBids, type Bid } from './bidding-policy';
import { roundRobinPolicy } from './round-robin-policy';
import type { SpeakerChoice, TurnPolicy } from './turn-policy';
import { weightedPolicy } from './weighted-policy';

const POLICIES: Record<Exclude<GameState['spec']['policy'], 'bidding'>, TurnPolicy> = {
  'round-robin': roundRobinPolicy,
  weighted: weightedPolicy,
  adversarial: adversarialPolicy,
};

/**
 * The next speaker under the game's policy (`state.spec.policy`), among active players only;
 * the `bidding` policy decides from `bids` (a player without a bid counts as bidding 0).
 * Throws `SCORING_NO_ACTIVE_PLAYERS` when nobody is left.
 *
 * @example
 * const choice = selectSpeaker(state, gameRng(state.spec.seed, `turn:${state.turn}:policy`));
 */
export function selectSpeaker(
  state: GameState,
  rng: Rng,
  bids: readonly Bid[] = [],
): SpeakerChoice {
  const policy = state.spec.policy;
  return policy === 'bidding'
    ? selectByBids(state, bids, rng)
    : POLICIES[policy].select(state, rng);
}
