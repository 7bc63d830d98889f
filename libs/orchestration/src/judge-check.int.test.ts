import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModelRuntime } from '@arena/agents';
import {
  startLoopbackModel,
  type LoopbackModel,
  type LoopbackRequest,
  type LoopbackResponder,
} from '@arena/agents/testing';
import { DIMENSIONS, steppingClock } from '@arena/models';
import { defaultCalibrationSetPath, loadCalibrationSet } from './calibration';
import { loadContentCatalog } from './catalog';
import { runJudgeCheck } from './judge-check';
import { DEFAULT_CONTENT_DIR } from './settings';

const catalog = loadContentCatalog(DEFAULT_CONTENT_DIR);
const shipped = loadCalibrationSet(defaultCalibrationSetPath(DEFAULT_CONTENT_DIR), catalog);

/** The words of the contribution a scoring prompt quotes (its `> ` lines). */
function quotedContribution(request: LoopbackRequest): string {
  const prompt = [...request.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  const section = prompt.slice(prompt.indexOf('The contribution to score'));
  return section
    .split('\n')
    .filter((line) => line.startsWith('> '))
    .map((line) => line.slice(2))
    .join(' ');
}

const asks = (request: LoopbackRequest, field: string) =>
  Object.keys((request.schema as { properties?: object } | null)?.properties ?? {}).includes(field);

/** A judge whose every score is a fixed function of the contribution's length in words. */
function lengthJudge(score: (words: number) => number): LoopbackResponder {
  return (request) => {
    if (asks(request, 'scores')) {
      const words = quotedContribution(request).split(/\s+/).filter(Boolean).length;
      const value = Number(Math.min(1, Math.max(0, score(words))).toFixed(3));
      return {
        text: JSON.stringify({
          scores: Object.fromEntries(DIMENSIONS.map((d) => [d, value])),
          rationales: Object.fromEntries(DIMENSIONS.map((d) => [d, `${words} words.`])),
        }),
        usage: { input: 400, output: 60 },
      };
    }
    return {
      text: JSON.stringify({
        verdict: 'insufficient_evidence',
        confidence: 0.5,
        reasoning: 'The words are genuine but do not settle the charge.',
      }),
      usage: { input: 300, output: 30 },
    };
  };
}

let longer: LoopbackModel;
let shorter: LoopbackModel;

beforeAll(async () => {
  longer = await startLoopbackModel(lengthJudge((words) => words / 150));
  shorter = await startLoopbackModel(lengthJudge((words) => 1 - words / 150));
});
afterAll(async () => {
  await longer.close();
  await shorter.close();
});

describe('runJudgeCheck with model judges on loopback servers', () => {
  it('measures agreement, length bias, self-preference and what the calls cost', async () => {
    // The model names decide the families: gpt-* is openai, llama* is meta.
    const a = `openai-compatible:${longer.url}/v1#gpt-4o-mini`;
    const b = `openai-compatible:${shorter.url}/v1#llama3.1-8b`;
    const models = createModelRuntime({
      prices: { [a]: { inputPerMTok: 1, outputPerMTok: 2 } },
      retry: { maxRetries: 0 },
    });
    const report = await runJudgeCheck({
      judges: [a, b],
      set: shipped,
      catalog,
      services: { clock: steppingClock(0, 1000), models },
      seed: 5,
    });
    expect(report.judges).toEqual([a, b]);
    // Opposite judges: systematic disagreement, alpha well below 1.
    expect(report.agreement.judges?.overall).toEqual(expect.any(Number));
    expect(report.agreement.judges?.overall ?? 1).toBeLessThan(0);
    const [biasA, biasB] = report.lengthBias.judges;
    expect(biasA?.points ?? 0).toBeGreaterThan(0.9);
    expect(biasB?.points ?? 0).toBeLessThan(-0.9);
    // Every item asked both judges twice (original and permuted seating); valid evidence only
    // reaches the models in accusation cases.
    const validCases = report.cases.filter((c) => c.evidenceValid).length;
    const perJudge = 2 * shipped.contributions.length + 2 * validCases;
    expect(report.usage.judges).toEqual([
      expect.objectContaining({ judge: a, calls: perJudge, inputTokens: expect.any(Number) }),
      expect.objectContaining({ judge: b, calls: perJudge }),
    ]);
    expect(report.usage.calls).toBe(2 * perJudge);
    expect(report.usage.costUsd).toBeGreaterThan(0);
    expect(report.usage.judges[1]?.costUsd).toBe(0);
    const [selfA, selfB] = report.selfPreference;
    expect(selfA).toEqual(
      expect.objectContaining({
        family: 'openai',
        ownItems: shipped.contributions.filter((c) => c.authorFamily === 'openai').length,
        preference: expect.any(Number),
      }),
    );
    expect(selfB?.family).toBe('meta');
    // Model judges rule valid cases; fabricated evidence stays false without asking them.
    for (const c of report.cases) {
      if (!c.evidenceValid)
        expect(c.members.every((m) => !m.asked && m.verdict === 'false')).toBe(true);
      else
        expect(c.members.every((m) => m.asked && m.verdict === 'insufficient_evidence')).toBe(true);
    }
  });
});
