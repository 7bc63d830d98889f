import { afterEach, describe, expect, it } from 'vitest';
import type { LoopbackRequest, LoopbackResponder } from '@arena/agents/testing';
import { DIMENSIONS } from '@arena/models';
import type { JudgeCheckReport } from '@arena/orchestration';
import { runArena, type CliRun } from '../cli-run.fixture';
import { loopbackPool } from '../loopback.fixture';

const models = loopbackPool();
afterEach(() => models.closeAll());

/** Retries off, so a judge that never answers properly fails fast. */
const env = { ARENA_MODEL_MAX_RETRIES: '0' };

/** The contribution a scoring prompt quotes, read from its `> ` lines. */
function quotedContribution(request: LoopbackRequest): string {
  const prompt = [...request.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  return prompt
    .slice(prompt.indexOf('The contribution to score'))
    .split('\n')
    .filter((line) => line.startsWith('> '))
    .map((line) => line.slice(2))
    .join(' ');
}

const asksFor = (request: LoopbackRequest, field: string) =>
  Object.keys((request.schema as { properties?: object } | null)?.properties ?? {}).includes(field);

/** A judge whose scores depend only on how many words the contribution has. */
function wordCountJudge(score: (words: number) => number): LoopbackResponder {
  return (request) => {
    if (!asksFor(request, 'scores')) {
      return {
        text: JSON.stringify({
          verdict: 'insufficient_evidence',
          confidence: 0.4,
          reasoning: 'The quoted words alone do not settle it.',
        }),
      };
    }
    const words = quotedContribution(request).split(/\s+/).filter(Boolean).length;
    const value = Number(Math.min(1, Math.max(0, score(words))).toFixed(3));
    return {
      text: JSON.stringify({
        scores: Object.fromEntries(DIMENSIONS.map((d) => [d, value])),
        rationales: Object.fromEntries(DIMENSIONS.map((d) => [d, `It runs to ${words} words.`])),
      }),
    };
  };
}

function reportOf(run: CliRun): JudgeCheckReport {
  expect(run.err).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.out) as JudgeCheckReport;
}

describe('arena judge-check with model judges (loopback)', () => {
  it('shows a clearly positive length bias for a judge that rewards length', async () => {
    const verbose = await models.start(wordCountJudge((words) => words / 160));
    const report = reportOf(
      await runArena(['judge-check', '--judge', verbose.spec, '--json'], env),
    );
    expect(report.judges).toEqual([verbose.spec]);
    expect(report.lengthBias.points).toBeGreaterThan(0.8);
    expect(report.lengthBias.meanScore).toBeGreaterThan(0.8);
    expect(report.lengthBias.longMinusShortPoints).toBeGreaterThan(0.2);
    expect(report.agreement.judges).toBeNull();
    expect(report.usage.calls).toBe(verbose.requests.length);
    expect(report.usage.inputTokens).toBeGreaterThan(0);
  });

  it('reports alpha below 1 for two judges that disagree, in the table and in JSON', async () => {
    const verbose = await models.start(wordCountJudge((words) => words / 160));
    const terse = await models.start(wordCountJudge((words) => 1 - words / 160));
    const args = ['judge-check', '--judge', verbose.spec, '--judge', terse.spec];
    const report = reportOf(await runArena([...args, '--json'], env));
    expect(report.agreement.judges?.overall).toEqual(expect.any(Number));
    expect(report.agreement.judges?.overall ?? 1).toBeLessThan(1);
    for (const d of DIMENSIONS)
      expect(report.agreement.judges?.byDimension[d] ?? 1).toBeLessThan(1);
    expect(report.lengthBias.judges.map((j) => Math.sign(j.points ?? 0))).toEqual([1, -1]);

    const table = await runArena(args, env);
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/between judges: {2}-?\d\.\d\d /);
    expect(table.out).not.toContain('n/a (one judge)');
  });

  it('exits 1 when a model judge never gives a usable answer', async () => {
    const broken = await models.start(() => ({ text: 'I would rather not say.' }));
    const run = await runArena(['judge-check', '--judge', broken.spec, '--json'], env);
    expect(run.code).toBe(1);
    expect(run.err).toContain(`${broken.spec} gave no usable score`);
    const report = JSON.parse(run.out) as JudgeCheckReport;
    expect(report.usage.failedAnswers).toBeGreaterThan(0);
  });
});
