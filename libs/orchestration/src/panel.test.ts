import { describe, expect, it } from 'vitest';
import { DIMENSIONS, type Dimension, type DimensionScores } from '@arena/models';
import type { ContributionScore, SolvedCheck, VerdictDecision } from '@arena/scoring';
import { panelSolved, panelVerdict, scoredPayload, type CallOutcome } from './panel';

const rules = { proofThreshold: 0.7, falseAccusationFactor: 0.5 };
const deterministicVerdict: VerdictDecision = {
  verdict: 'insufficient_evidence',
  confidence: 0.3,
  reasoning: 'The signals show little.',
  accuserPenaltyFactor: null,
};

function answer<T>(value: T): CallOutcome<T> {
  return { spec: 'openai:gpt-4o-mini', calls: [], value, failure: null };
}
function failed<T>(): CallOutcome<T> {
  const failure = { reason: 'model_error' as const, detail: 'timeout', raw: null };
  return { spec: 'openai:gpt-4o-mini', calls: [], value: null, failure };
}
const ruling = (verdict: VerdictDecision['verdict'], confidence: number) =>
  answer({ verdict, confidence, reasoning: `${verdict} at ${confidence}` });

describe('panelVerdict', () => {
  it('keeps the mechanical false for fabricated evidence, whatever the judges say', () => {
    const fabricated = { ...deterministicVerdict, verdict: 'false' as const, confidence: 0 };
    expect(panelVerdict(fabricated, false, [ruling('proven', 0.95)], rules)).toBe(fabricated);
  });

  it('proves only when the median confidence reaches the threshold', () => {
    const proven = panelVerdict(
      deterministicVerdict,
      true,
      [ruling('proven', 0.9), ruling('proven', 0.8), ruling('false', 0.1)],
      rules,
    );
    expect(proven).toMatchObject({
      verdict: 'proven',
      confidence: 0.8,
      accuserPenaltyFactor: null,
    });
    expect(proven.reasoning).toBe('proven at 0.8');
  });

  it('below it, follows the majority between false and insufficient (a tie is insufficient)', () => {
    const falseRuling = panelVerdict(
      deterministicVerdict,
      true,
      [ruling('false', 0.1), ruling('false', 0.2), ruling('insufficient_evidence', 0.5)],
      rules,
    );
    expect(falseRuling).toMatchObject({ verdict: 'false', accuserPenaltyFactor: 0.5 });
    const tie = panelVerdict(
      deterministicVerdict,
      true,
      [ruling('false', 0.1), ruling('insufficient_evidence', 0.4)],
      rules,
    );
    expect(tie.verdict).toBe('insufficient_evidence');
  });

  it('falls back to the deterministic ruling when every judge failed; a sim member votes with it', () => {
    expect(panelVerdict(deterministicVerdict, true, [failed()], rules)).toBe(deterministicVerdict);
    const mixed = panelVerdict(deterministicVerdict, true, [null, ruling('proven', 0.9)], rules);
    expect(mixed.confidence).toBe(0.6);
    expect(mixed.verdict).toBe('insufficient_evidence');
  });
});

describe('panelSolved', () => {
  const deterministic: SolvedCheck = { solved: false, coverage: { a: 0.4 }, reasoning: 'not yet' };
  const says = (solved: boolean) => answer({ solved, reasoning: solved ? 'done' : 'open' });

  it('needs a strict majority of the members that answered, and the minimum rounds', () => {
    const reached = { reached: true, round: 5 };
    expect(panelSolved(deterministic, [says(true), says(true), failed()], reached).solved).toBe(
      true,
    );
    expect(panelSolved(deterministic, [says(true), says(false)], reached).solved).toBe(false);
    const early = panelSolved(deterministic, [says(true)], { reached: false, round: 5 });
    expect(early.solved).toBe(false);
    expect(early.reasoning).toContain('round 5');
    expect(early.coverage).toEqual({ a: 0.4 });
  });
});

describe('scoredPayload', () => {
  const uniform = (v: number) =>
    Object.fromEntries(DIMENSIONS.map((d) => [d, v])) as DimensionScores;
  const why = Object.fromEntries(DIMENSIONS.map((d) => [d, d])) as Record<Dimension, string>;
  const deterministic: ContributionScore = {
    phase: 'mid',
    scores: uniform(0.2),
    weights: { ...uniform(0.2) },
    points: 0.2,
    rationales: why,
    coverage: {},
    detectorHits: [],
    judge: 'deterministic',
  };
  const where = { messageId: 'M3', playerId: 'P2', turn: 3 };

  it('records the deterministic judge alone for a sim panel', () => {
    const payload = scoredPayload(where, deterministic, [null], ['sim']);
    expect(payload).toMatchObject({ judge: 'deterministic', points: 0.2 });
    expect(payload.panel).toBeUndefined();
  });

  it('records the median, the members, the signals, the agreement and failed members', () => {
    const payload = scoredPayload(
      where,
      deterministic,
      [null, answer({ scores: uniform(1), rationales: why }), failed()],
      ['sim', 'openai:a', 'openai:b'],
    );
    expect(payload.judge).toBe('sim+openai:a+openai:b');
    expect(payload.scores.novelty).toBe(0.6);
    expect(payload.panel).toHaveLength(2);
    expect(payload.signals).toEqual(uniform(0.2));
    expect(payload.agreement).toBe(0.2);
    expect(payload.failedJudges).toEqual(['openai:b']);
  });

  it("records, per model judge, whether it shares the speaker's model family", () => {
    const scored = answer({ scores: uniform(0.5), rationales: why });
    const payload = scoredPayload(
      where,
      deterministic,
      [null, scored, scored],
      ['sim', 'openai:gpt-4o', 'anthropic:claude-3-5-haiku-latest'],
      'openai-compatible:http://127.0.0.1:9/v1#gpt-4o-mini',
    );
    expect(payload.panel?.map((m) => [m.judge, m.sameFamily])).toEqual([
      ['sim', undefined],
      ['openai:gpt-4o', true],
      ['anthropic:claude-3-5-haiku-latest', false],
    ]);
  });

  it('falls back to the deterministic scores, saying so, when every model judge failed', () => {
    const payload = scoredPayload(where, deterministic, [failed()], ['openai:a']);
    expect(payload).toMatchObject({ judge: 'deterministic', failedJudges: ['openai:a'] });
  });
});
