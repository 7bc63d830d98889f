import { describe, expect, it } from 'vitest';
import type { JudgeCheckReport } from '@arena/orchestration';
import { runArena, tempFile } from '../cli-run.fixture';

describe('arena judge-check', () => {
  it('checks the deterministic judge on the shipped set and prints a report', async () => {
    const run = await runArena(['judge-check']);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^Judge check on set "default": \d+ contributions, \d+ accusations/m);
    expect(run.out).toMatch(/^Panel: sim\s+seed 1\s+mode competitive$/m);
    expect(run.out).toMatch(/^ {2}panel\s+(?:\d\.\d\d\s+){6}-?\d\.\d\d$/m);
    expect(run.out).toContain('between judges:  n/a (one judge)');
    expect(run.out).toMatch(/^ {2}proven\s+\d+\s+\d+\s+\d+$/m);
    expect(run.out).toMatch(/Length bias .*; \d+ groups, \d+ items\)/);
    expect(run.out).toMatch(/verdicts changed \d+ of \d+/);
    expect(run.out).toMatch(/^ {2}sim \(sim\): [+-]\d\.\d{3}/m);
    expect(run.out).toContain('Model calls: 0 (0 failed, 0 unusable answers)');
  });

  it('prints the whole report as one JSON object', async () => {
    const run = await runArena(['judge-check', '--json', '--seed', '7']);
    expect(run.code).toBe(0);
    expect(run.lines).toHaveLength(1);
    const report = JSON.parse(run.out) as JudgeCheckReport;
    expect(report.judges).toEqual(['sim']);
    expect(report.seed).toBe(7);
    expect(report.counts.contributions).toBeGreaterThanOrEqual(36);
    expect(report.counts.accusations).toBeGreaterThanOrEqual(12);
    expect(report.counts.groups).toBeGreaterThanOrEqual(8);
    expect(report.accuracy.panel.overall).toBeGreaterThan(0);
    expect(report.accuracy.panel.overall).toBeLessThanOrEqual(1);
    expect(report.verdicts.panel.total).toBe(report.counts.accusations);
    expect(report.agreement.judges).toBeNull();
    expect(report.agreement.panelVsLabels.overall).toEqual(expect.any(Number));
    expect(report.items).toHaveLength(report.counts.contributions);
    expect(report.cases).toHaveLength(report.counts.accusations);
  });

  it('uses the judge panel from the settings when no --judge is given', async () => {
    const run = await runArena(['judge-check', '--json'], { ARENA_JUDGE_MODELS: 'sim,sim' });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.out) as JudgeCheckReport;
    expect(report.judges).toEqual(['sim', 'sim']);
    // Two copies of one deterministic judge agree perfectly.
    expect(report.agreement.judges?.overall).toBe(1);
  });

  it('rejects a malformed set file with exit code 2, naming the file and field paths', async () => {
    const path = tempFile(
      'bad-set.yaml',
      [
        'id: bad',
        'contributions:',
        '  - id: one',
        '    scenario: city-water',
        '    authorFamily: human',
        '    contribution: { speaker: P2, text: Fix the leaks. }',
        '    expected:',
        '      novelty: { min: 0.7, max: 0.2 }',
        '      builds_on_others: { min: 0, max: 1 }',
        '      solves_subproblem: { min: 0, max: 1 }',
        '      radical_idea: { min: 0, max: 1 }',
        '      manipulation: { min: 0, max: 3 }',
      ].join('\n'),
    );
    const run = await runArena(['judge-check', '--set', path]);
    expect(run.code).toBe(2);
    expect(run.out).toBe('');
    expect(run.err).toContain(path);
    expect(run.err).toContain('contributions.0.expected.novelty.max: must be at least min');
    expect(run.err).toContain(
      'contributions.0.expected.manipulation.max: must be a number from 0 to 1',
    );
  });

  it('rejects an unknown scenario in the set with exit code 2', async () => {
    const path = tempFile(
      'moon.yaml',
      [
        'id: moon',
        'accusations:',
        '  - id: a',
        '    scenario: moon-base',
        '    context: [{ speaker: P2, text: Oxygen first. }]',
        '    accuser: P1',
        '    accused: P2',
        '    kind: other',
        '    claim: P2 lied.',
        '    evidence: [{ messageId: M1, quote: Oxygen }]',
        '    expected: insufficient_evidence',
      ].join('\n'),
    );
    const run = await runArena(['judge-check', '--set', path]);
    expect(run.code).toBe(2);
    expect(run.err).toContain('accusations.0.scenario: unknown scenario "moon-base"');
  });

  it('rejects a bad spec, too many judges and a missing key with exit code 2', async () => {
    const bad = await runArena(['judge-check', '--judge', 'sim', '--judge', 'gpt-4o']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--judge: "gpt-4o" must be "sim", "openai:<model>"');
    const many = await runArena([
      'judge-check',
      '--judge',
      'sim,sim,sim',
      '--judge',
      'sim,sim,sim',
    ]);
    expect(many.code).toBe(2);
    expect(many.err).toContain('--judge: at most 5 judges');
    const keyless = await runArena(['judge-check', '--judge', 'openai:gpt-4o-mini']);
    expect(keyless.code).toBe(2);
    expect(keyless.err).toContain('OPENAI_API_KEY');
  });

  it('prints its help', async () => {
    const run = await runArena(['judge-check', '--help']);
    expect(run.code).toBe(0);
    expect(run.out).toContain('arena judge-check [--judge <spec> ...]');
    const all = await runArena(['help']);
    expect(all.out).toMatch(/^ {2}judge-check\s+measure a judge panel/m);
  });
});
