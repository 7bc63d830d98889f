import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIMENSIONS, hasErrorCode, type CalibrationSet } from '@arena/models';
import {
  checkCalibrationSet,
  defaultCalibrationSetPath,
  loadCalibrationSet,
  seatsNeeded,
} from './calibration';
import { loadContentCatalog } from './catalog';
import { wordCount } from './judge-check-report';
import { DEFAULT_CONTENT_DIR } from './settings';

const catalog = loadContentCatalog(DEFAULT_CONTENT_DIR);
const shipped = loadCalibrationSet(defaultCalibrationSetPath(DEFAULT_CONTENT_DIR), catalog);

function errorOf(fn: () => unknown): Error & { details?: Record<string, unknown> } {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('the shipped calibration set', () => {
  it('has at least 36 contributions, 8 length groups and 12 accusations', () => {
    expect(shipped.contributions.length).toBeGreaterThanOrEqual(36);
    expect(
      new Set(shipped.contributions.flatMap((c) => c.group ?? [])).size,
    ).toBeGreaterThanOrEqual(8);
    expect(shipped.accusations.length).toBeGreaterThanOrEqual(12);
  });

  it('covers every shipped scenario and several author families', () => {
    const used = new Set([...shipped.contributions, ...shipped.accusations].map((e) => e.scenario));
    expect([...used].sort()).toEqual([...catalog.scenarios.keys()].sort());
    const families = new Set(shipped.contributions.map((c) => c.authorFamily));
    for (const f of ['openai', 'anthropic', 'meta', 'sim', 'human']) expect(families).toContain(f);
  });

  it('labels every dimension high on some items and low on others', () => {
    for (const d of DIMENSIONS) {
      const high = shipped.contributions.filter((c) => c.expected[d].min >= 0.55);
      const low = shipped.contributions.filter((c) => c.expected[d].max <= 0.35);
      expect(high.length, `${d} high`).toBeGreaterThanOrEqual(3);
      expect(low.length, `${d} low`).toBeGreaterThanOrEqual(3);
    }
  });

  it('pairs a concise and a clearly longer version in every group', () => {
    const groups = new Map<string, number[]>();
    for (const c of shipped.contributions) {
      if (c.group)
        groups.set(c.group, [...(groups.get(c.group) ?? []), wordCount(c.contribution.text)]);
    }
    for (const [group, words] of groups) {
      expect(words.length, group).toBeGreaterThanOrEqual(2);
      expect(Math.max(...words) / Math.min(...words), group).toBeGreaterThanOrEqual(1.8);
    }
  });

  it('has every verdict, and proven cases quote the accused exactly', () => {
    const verdicts = new Set(shipped.accusations.map((a) => a.expected));
    expect([...verdicts].sort()).toEqual(['false', 'insufficient_evidence', 'proven']);
    for (const a of shipped.accusations.filter((c) => c.expected !== 'false')) {
      for (const e of a.evidence) {
        const cited = a.context[Number(e.messageId.slice(1)) - 1];
        expect(cited?.speaker, a.id).toBe(a.accused);
        expect(cited?.text, a.id).toContain(e.quote);
      }
    }
    const fabricated = shipped.accusations.filter((a) =>
      a.evidence.some((e) => !a.context[Number(e.messageId.slice(1)) - 1]?.text.includes(e.quote)),
    );
    expect(fabricated.length).toBeGreaterThanOrEqual(3);
    expect(fabricated.every((a) => a.expected === 'false')).toBe(true);
  });
});

describe('checkCalibrationSet', () => {
  const base = shipped.contributions[0];
  if (!base) throw new Error('the shipped set has no contributions');

  it('names the entry whose scenario is unknown, with the allowed ids', () => {
    const set: CalibrationSet = {
      ...shipped,
      contributions: [base, { ...base, id: 'elsewhere', scenario: 'moon-base' }],
    };
    const error = errorOf(() => checkCalibrationSet(set, catalog, 'mine.yaml'));
    expect(hasErrorCode(error, 'ARENA_INVALID_INPUT')).toBe(true);
    expect(error.message).toContain('mine.yaml');
    expect(error.message).toContain('contributions.1.scenario: unknown scenario "moon-base"');
    expect(error.message).toContain('city-water');
  });

  it('needs a character for every seat an entry uses', () => {
    const item = { ...base, contribution: { ...base.contribution, speaker: 'P20' } };
    expect(seatsNeeded(item)).toBe(20);
    const error = errorOf(() =>
      checkCalibrationSet({ ...shipped, contributions: [item], accusations: [] }, catalog),
    );
    expect(error.message).toContain(
      `contributions.0: uses 20 seats, but the content has only ${catalog.characters.size} characters`,
    );
  });

  it('loads a malformed file with its path and field paths', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'arena-calibration-')), 'bad.yaml');
    writeFileSync(path, 'id: bad\ncontributions:\n  - id: x\n    scenario: city-water\n');
    const error = errorOf(() => loadCalibrationSet(path, catalog));
    expect(error.message).toContain(path);
    expect(error.message).toContain('contributions.0.contribution');
  });
});
