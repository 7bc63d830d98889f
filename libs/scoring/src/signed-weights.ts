import {
  DIMENSIONS,
  manipulationSign,
  type Dimension,
  type GameMode,
  type Phase,
  type Rules,
} from '@arena/models';

/**
 * The weights applied in `phase`: the rules' magnitudes, with manipulation's sign taken from
 * `rules.manipulationSign` for the mode (by default rewarded in `competitive`, penalised in
 * `cooperative` and ignored in `mixed` games, ARENA.md §4).
 */
export function signedWeights(
  rules: Rules,
  phase: Phase,
  mode: GameMode,
): Record<Dimension, number> {
  const magnitudes = rules.weights[phase];
  const sign = manipulationSign(mode, rules);
  const weights = { ...magnitudes };
  // `|| 0` turns a negative zero (0 × -1) into a plain zero for readable logs.
  weights.manipulation = magnitudes.manipulation * sign || 0;
  return Object.fromEntries(DIMENSIONS.map((d) => [d, weights[d]])) as Record<Dimension, number>;
}
