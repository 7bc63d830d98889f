import type { Rng } from '@arena/models';

/** The outcome of {@link softmaxDraw}. */
export interface SoftmaxDraw {
  /** Index of the drawn candidate. */
  index: number;
  /** Whether the uniform (exploration) branch picked it. */
  explored: boolean;
  /** Each candidate's overall chance of being drawn: (1 − ε) · softmax + ε / n. */
  probability: number[];
}

/**
 * Draw one candidate: with probability `epsilon` uniformly, otherwise from the softmax of the
 * utilities at `temperature`. Uses the RNG in a fixed order (one `chance`, then one `int` or one
 * `next`), so the same seed always draws the same candidate.
 */
export function softmaxDraw(
  utilities: readonly number[],
  rng: Rng,
  epsilon: number,
  temperature: number,
): SoftmaxDraw {
  const top = Math.max(...utilities);
  const raw = utilities.map((u) => Math.exp((u - top) / temperature));
  const total = raw.reduce((a, b) => a + b, 0);
  const softmax = raw.map((r) => r / total);
  const probability = softmax.map((p) => (1 - epsilon) * p + epsilon / utilities.length);
  const explored = rng.chance(epsilon);
  let index = 0;
  if (explored) index = rng.int(utilities.length);
  else {
    let draw = rng.next();
    while (index < utilities.length - 1 && draw >= (softmax[index] as number)) {
      draw -= softmax[index] as number;
      index++;
    }
  }
  return { index, explored, probability };
}

/** Candidate weights for the record: every active player, 0 for those not eligible. */
export function candidateWeights(
  active: ReadonlyArray<{ id: string }>,
  eligible: ReadonlyArray<{ id: string }>,
  probability: readonly number[],
): Array<{ playerId: string; weight: number }> {
  return active.map((p) => {
    const i = eligible.findIndex((c) => c.id === p.id);
    return {
      playerId: p.id,
      weight: i === -1 ? 0 : Math.round((probability[i] as number) * 1e4) / 1e4,
    };
  });
}

/**
 * The phrases of the (at most two) factors that weighed most in a candidate's utility, joined
 * for a policy's reasoning; "every factor was even" when none counted.
 */
export function strongestReasons<F extends string>(
  factors: readonly F[],
  weights: Record<F, number>,
  values: Record<F, number>,
  phrases: Record<F, string>,
): string {
  const top = factors
    .filter((f) => weights[f] * values[f] > 0)
    .sort((a, b) => weights[b] * values[b] - weights[a] * values[a])
    .slice(0, 2)
    .map((f) => phrases[f]);
  return top.length > 0 ? top.join(' and ') : 'every factor was even';
}
