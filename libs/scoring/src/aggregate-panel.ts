import { DIMENSIONS, type Dimension, type DimensionScores } from '@arena/models';
import type { ContributionScore } from './score-contribution';

/** One judge's answer on a contribution. */
export interface PanelMember {
  judge: string;
  scores: DimensionScores;
  rationales: Record<Dimension, string>;
}

/** A model panel's verdict on a contribution, with the deterministic signals beside it. */
export interface PanelScore {
  scores: DimensionScores;
  points: number;
  /** Per dimension, the rationale of the member whose score is closest to the median. */
  rationales: Record<Dimension, string>;
  /** 1 − mean absolute pairwise difference over members and dimensions; 1 for one member. */
  agreement: number;
  /** Dimensions where the median and the deterministic signal differ by more than this. */
  disagreements: Dimension[];
}

/** Difference between the panel and the deterministic signals that gets flagged. */
export const DISAGREEMENT_THRESHOLD = 0.5;

/** The middle value (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const round = (v: number, digits = 3) => Number(v.toFixed(digits));

function agreementOf(members: readonly PanelMember[]): number {
  if (members.length < 2) return 1;
  let total = 0;
  let pairs = 0;
  for (let i = 0; i < members.length; i++) {
    for (let j = i + 1; j < members.length; j++) {
      for (const d of DIMENSIONS) {
        total += Math.abs(
          (members[i] as PanelMember).scores[d] - (members[j] as PanelMember).scores[d],
        );
        pairs++;
      }
    }
  }
  return round(1 - total / pairs);
}

/**
 * Combine a judge panel by the median of each dimension (ARENA.md §4). Points use the same
 * signed weights as the deterministic judge, so only the scores change, never the rules.
 *
 * @example
 * const panel = aggregatePanel(deterministic, [{ judge: 'openai:gpt-4o-mini', scores, rationales }]);
 */
export function aggregatePanel(
  deterministic: ContributionScore,
  members: readonly PanelMember[],
): PanelScore {
  if (members.length === 0) throw new Error('aggregatePanel needs at least one member');
  const scores = Object.fromEntries(
    DIMENSIONS.map((d) => [d, round(median(members.map((m) => m.scores[d])))]),
  ) as DimensionScores;
  const rationales = Object.fromEntries(
    DIMENSIONS.map((d) => {
      const closest = members.reduce((best, m) =>
        Math.abs(m.scores[d] - scores[d]) < Math.abs(best.scores[d] - scores[d]) ? m : best,
      );
      return [d, closest.rationales[d]];
    }),
  ) as Record<Dimension, string>;
  const points = round(
    DIMENSIONS.reduce((sum, d) => sum + deterministic.weights[d] * scores[d], 0),
    4,
  );
  return {
    scores,
    points,
    rationales,
    agreement: agreementOf(members),
    disagreements: DIMENSIONS.filter(
      (d) => Math.abs(scores[d] - deterministic.scores[d]) > DISAGREEMENT_THRESHOLD,
    ),
  };
}
