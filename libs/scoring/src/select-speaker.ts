import type { GameState, Rng } from '@arena/models';
import { roundRobinPolicy } from './round-robin-policy';
import type { SpeakerChoice, TurnPolicy } from './turn-policy';
import { weightedPolicy } from './weighted-policy';

const POLICIES: Record<GameState['spec']['policy'], TurnPolicy> = {
  'round-robin': roundRobinPolicy,
  weighted: weightedPolicy,
};

/**
 * The next speaker under the game's policy (`state.spec.policy`), among active players only.
 * Throws `SCORING_NO_ACTIVE_PLAYERS` when nobody is left.
 *
 * @example
 * const choice = selectSpeaker(state, gameRng(state.spec.seed, `turn:${state.turn}:policy`));
 */
export function selectSpeaker(state: GameState, rng: Rng): SpeakerChoice {
  return POLICIES[state.spec.policy].select(state, rng);
}
