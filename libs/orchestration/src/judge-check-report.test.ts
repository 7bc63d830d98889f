import { describe, expect, it } from 'vitest';
import {
  DIMENSIONS,
  type CalibrationAccusation,
  type CalibrationItem,
  type DimensionScores,
  type VerdictKind,
} from '@arena/models';
import { summariseJudgeCheck, type RuledRun, type ScoredRun } from './judge-check-report';

const uniform = (v: number) => Object.fromEntries(DIMENSIONS.map((d) => [d, v])) as DimensionScores;
const weights = { ...uniform(0.2) };

function item(id: string, words: number, family: string, group?: string): CalibrationItem {
  return {
    id,
    scenario: 'city-water',
    context: [],
    contribution: {
      speaker: 'P1',
      text: Array.from({ length: words }, () => 'word').join(' '),
      cites: [],
    },
    authorFamily: family,
    ...(group ? { group } : {}),
    expected: Object.fromEntries(
      DIMENSIONS.map((d) => [d, { min: 0.4, max: 0.6 }]),
    ) as CalibrationItem['expected'],
  };
}

function scored(
  members: (number | null)[],
  moved = 0,
): { original: ScoredRun; permuted: ScoredRun } {
  const answered = members.filter((m): m is number => m !== null);
  const panel = answered.reduce((a, b) => a + b, 0) / answered.length;
  const run = (shift: number): ScoredRun => ({
    gameId: 'g',
    gate: 'accepted',
    scores: uniform(panel + shift),
    points: panel + shift,
    weights,
    members: members.map((m) => (m === null ? null : uniform(m))),
    calls: [],
    failures: [],
  });
  return { original: run(0), permuted: run(moved) };
}

function accusation(id: string, expected: VerdictKind): CalibrationAccusation {
  return {
    id,
    scenario: 'city-water',
    context: [{ speaker: 'P2', text: 'Leaks first.', cites: [] }],
    accuser: 'P1',
    accused: 'P2',
    kind: 'manipulation',
    claim: 'P2 pressures us.',
    confidence: 0.8,
    evidence: [{ messageId: 'M1', quote: 'Leaks first.' }],
    defence: '',
    expected,
  };
}

function ruled(
  verdict: VerdictKind,
  confidence: number,
  permuted = verdict,
): {
  original: RuledRun;
  permuted: RuledRun;
} {
  const run = (v: VerdictKind, c: number): RuledRun => ({
    gameId: 'g',
    evidenceValid: true,
    verdict: v,
    confidence: c,
    reasoning: 'because',
    members: [
      { verdict: v, confidence: c, asked: true },
      { verdict: v, confidence: c, asked: true },
    ],
    calls: [],
    failures: [],
  });
  return { original: run(verdict, confidence), permuted: run(permuted, confidence) };
}

describe('summariseJudgeCheck', () => {
  const report = summariseJudgeCheck({
    judges: ['openai:gpt-4o-mini', 'anthropic:claude-haiku'],
    setId: 'unit',
    seed: 3,
    mode: 'competitive',
    items: [
      { item: item('a', 10, 'openai', 'g1'), ...scored([0.5, 0.3]) },
      { item: item('b', 30, 'openai', 'g1'), ...scored([0.7, 0.5], 0.2) },
      { item: item('c', 10, 'human'), ...scored([0.4, null]) },
    ],
    cases: [
      { accusation: accusation('x', 'proven'), ...ruled('proven', 0.9) },
      { accusation: accusation('y', 'false'), ...ruled('insufficient_evidence', 0.3, 'false') },
    ],
  });

  it('counts scores inside their ranges for the panel and for each judge', () => {
    // Panel means a 0.4, b 0.6, c 0.4 are all inside [0.4, 0.6]; the openai judge's 0.7 on b is not.
    expect(report.accuracy.panel.overall).toBe(1);
    expect(report.accuracy.judges.map((j) => [j.judge, j.answered, j.overall])).toEqual([
      ['openai:gpt-4o-mini', 3, 0.6667],
      ['anthropic:claude-haiku', 2, 0.5],
    ]);
  });

  it('fills the confusion table and counts verdicts per judge', () => {
    expect(report.verdicts.panel.correct).toBe(1);
    expect(report.verdicts.panel.confusion.false.insufficient_evidence).toBe(1);
    expect(report.verdicts.panel.confusion.proven.proven).toBe(1);
    expect(report.verdicts.judges.map((j) => j.accuracy)).toEqual([0.5, 0.5]);
  });

  it('measures agreement only where both judges answered, and against label midpoints', () => {
    expect(report.agreement.judges?.overall).toEqual(expect.any(Number));
    expect(report.agreement.judges?.overall ?? 1).toBeLessThan(1);
    expect(report.agreement.panelVsLabels.overall).toEqual(expect.any(Number));
  });

  it('reads length bias inside groups and sensitivity above the threshold only', () => {
    expect(report.lengthBias).toEqual(
      expect.objectContaining({ groups: 1, items: 2, points: 1, longMinusShortPoints: 0.2 }),
    );
    expect(report.sensitivity.contributions.moved).toBe(1);
    expect(report.sensitivity.contributions.meanAbsPoints).toBeCloseTo(0.0667, 4);
    expect(report.sensitivity.accusations).toEqual(
      expect.objectContaining({ verdictsChanged: 1, moved: 1, meanAbsConfidence: 0 }),
    );
    expect(report.sensitivity.movedShare).toBe(0.4);
  });

  it('compares residuals on own-family items with the others, null without own items', () => {
    const [openai, anthropic] = report.selfPreference;
    // openai judge: own items a (0.5 − 0.5) and b (0.7 − 0.5); other item c (0.4 − 0.5).
    expect(openai).toEqual(
      expect.objectContaining({ family: 'openai', ownItems: 2, otherItems: 1, ownResidual: 0.1 }),
    );
    expect(openai?.preference).toBeCloseTo(0.2, 10);
    expect(anthropic).toEqual(
      expect.objectContaining({ family: 'anthropic', ownItems: 0, preference: null }),
    );
  });
});
