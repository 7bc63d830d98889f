import { describe, expect, it } from 'vitest';
import { DIMENSIONS, type Dimension, type DimensionScores } from '@arena/models';
import { aggregatePanel, type PanelMember } from './aggregate-panel';
import type { ContributionScore } from './score-contribution';

const uniform = (v: number) => Object.fromEntries(DIMENSIONS.map((d) => [d, v])) as DimensionScores;
const because = (why: string) =>
  Object.fromEntries(DIMENSIONS.map((d) => [d, `${why} ${d}`])) as Record<Dimension, string>;

const deterministic: ContributionScore = {
  phase: 'mid',
  scores: uniform(0.5),
  weights: {
    novelty: 0.25,
    builds_on_others: 0.2,
    solves_subproblem: 0.25,
    radical_idea: 0.15,
    manipulation: 0.15,
  },
  points: 0.5,
  rationales: because('signal'),
  coverage: {},
  detectorHits: [],
  judge: 'deterministic',
};

const member = (judge: string, v: number): PanelMember => ({
  judge,
  scores: uniform(v),
  rationales: because(judge),
});

describe('aggregatePanel', () => {
  it('takes the median of each dimension and weights it like the deterministic judge', () => {
    const panel = aggregatePanel(deterministic, [
      member('a', 0.2),
      member('b', 0.6),
      member('c', 0.9),
    ]);
    expect(panel.scores.novelty).toBe(0.6);
    expect(panel.points).toBeCloseTo(0.6, 6);
    expect(panel.rationales.novelty).toBe('b novelty');
  });

  it('averages the middle pair for an even panel and measures agreement', () => {
    const panel = aggregatePanel(deterministic, [member('a', 0.4), member('b', 0.6)]);
    expect(panel.scores.solves_subproblem).toBe(0.5);
    expect(panel.agreement).toBe(0.8);
  });

  it('gives full agreement to a single judge and flags large gaps to the signals', () => {
    const panel = aggregatePanel(deterministic, [member('a', 1)]);
    expect(panel.agreement).toBe(1);
    expect(panel.disagreements).toEqual([]);
    const far = aggregatePanel({ ...deterministic, scores: uniform(0) }, [member('a', 0.9)]);
    expect(far.disagreements).toEqual([...DIMENSIONS]);
  });
});
