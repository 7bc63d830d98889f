import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '@arena/models';
import { DEFAULT_CONTENT_DIR } from '@arena/orchestration';
import { runArena, tempFile } from '../cli-run.fixture';

const cityWater = readFileSync(join(DEFAULT_CONTENT_DIR, 'scenarios', 'city-water.yaml'), 'utf8');

describe('arena rules', () => {
  it('prints the default rules as JSON, and in readable sections', async () => {
    const json = await runArena(['rules', '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toEqual({ scenario: null, rules: DEFAULT_RULES });
    const text = await runArena(['rules']);
    expect(text.code).toBe(0);
    for (const section of [
      'Weights',
      'Gate:',
      'Elimination:',
      'Accusations:',
      'Narrator:',
      'Phases:',
      'Adversarial policy:',
      'Solved:',
    ]) {
      expect(text.out).toContain(section);
    }
  });

  it("applies a scenario's overrides", async () => {
    const run = await runArena(['rules', '--scenario', 'co-op-vs-giant', '--json']);
    const { scenario, rules } = JSON.parse(run.out) as {
      scenario: string;
      rules: typeof DEFAULT_RULES;
    };
    expect(scenario).toBe('co-op-vs-giant');
    expect(rules.elimination.warmupRounds).toBe(1);
    expect(rules.gate).toEqual(DEFAULT_RULES.gate);
  });

  it('rejects an unknown scenario and invalid overrides with exit code 2 and the field path', async () => {
    const unknown = await runArena(['rules', '--scenario', 'atlantis']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown scenario "atlantis"');
    const file = tempFile(
      'bad-weights.yaml',
      `${cityWater}\nrules:\n  weights:\n    mid: { novelty: 0.9 }\n`,
    );
    const bad = await runArena(['rules', '--scenario', file]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('weights.mid');
    expect(bad.err).toContain('sum to 1');
  });
});
