import { readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCharacterText, parseScenarioText } from './documents';
import type { Result } from './errors';
import { DEFAULT_RULES, RulesSchema, mergeRules } from './rules';
import { SCENARIO_TYPES } from './scenario';

const contentDir = resolve(import.meta.dirname, '../../../content');

/** Words too common to tell whether a contribution addresses a sub-problem. */
const GENERIC_KEYWORDS = ['system', 'plan', 'problem', 'solution', 'idea', 'approach', 'design'];

interface Loaded<T> {
  file: string;
  value: T;
}

function load<T>(folder: string, parse: (text: string, source: string) => Result<T>) {
  const dir = join(contentDir, folder);
  const loaded: Loaded<T>[] = [];
  const errors: string[] = [];
  for (const file of readdirSync(dir).filter((f) =>
    ['.yaml', '.yml', '.json'].includes(extname(f)),
  )) {
    const result = parse(readFileSync(join(dir, file), 'utf8'), `content/${folder}/${file}`);
    if (result.ok) loaded.push({ file, value: result.value });
    else errors.push(result.error.message);
  }
  return { loaded, errors };
}

const characterFiles = load('characters', parseCharacterText);
const scenarioFiles = load('scenarios', parseScenarioText);
const characters = characterFiles.loaded;
const scenarios = scenarioFiles.loaded;

describe('shipped characters', () => {
  it('all parse', () => {
    expect(characterFiles.errors).toEqual([]);
    expect(characters.length).toBeGreaterThanOrEqual(14);
  });

  it('name each file after its id', () => {
    for (const { file, value } of characters) {
      expect(value.id, file).toBe(basename(file, extname(file)));
    }
  });

  it('include at least 12 in Arena format and 2 imported from Homunculus', () => {
    expect(characters.filter((c) => c.value.source === 'arena').length).toBeGreaterThanOrEqual(12);
    const imported = characters.filter((c) => c.value.source === 'homunculus');
    expect(imported.length).toBeGreaterThanOrEqual(2);
    for (const { file, value } of imported) expect(value.neurochemistry, file).toBeDefined();
  });

  it('have unique ids, names and archetypes', () => {
    for (const key of ['id', 'name', 'archetype'] as const) {
      const seen = characters.map((c) => c.value[key]);
      expect(new Set(seen).size, key).toBe(seen.length);
    }
  });

  it('cover the personality extremes the simulator depends on', () => {
    const big = characters.map((c) => c.value.personality.bigFive);
    expect(big.filter((b) => b.agreeableness <= 0.3).length).toBeGreaterThanOrEqual(3);
    expect(big.filter((b) => b.neuroticism >= 0.7).length).toBeGreaterThanOrEqual(2);
    const formalities = new Set(characters.map((c) => c.value.communication.formality));
    expect([...formalities].sort()).toEqual(['casual', 'formal', 'neutral']);
  });

  it('give every Arena character two to four catchphrases', () => {
    for (const { file, value } of characters.filter((c) => c.value.source === 'arena')) {
      expect(value.communication.catchphrases.length, file).toBeGreaterThanOrEqual(2);
      expect(value.communication.catchphrases.length, file).toBeLessThanOrEqual(4);
    }
  });
});

describe('shipped scenarios', () => {
  it('all parse', () => {
    expect(scenarioFiles.errors).toEqual([]);
  });

  it('name each file after its id', () => {
    for (const { file, value } of scenarios) {
      expect(value.id, file).toBe(basename(file, extname(file)));
    }
  });

  it('cover every scenario type with unique ids', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(6);
    const ids = scenarios.map((s) => s.value.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(scenarios.map((s) => s.value.type))).toEqual(new Set(SCENARIO_TYPES));
  });

  it('include the default scenario', () => {
    expect(scenarios.map((s) => s.value.id)).toContain('city-water');
  });

  it('have 4 to 6 sub-problems with 6 to 10 distinct keywords each', () => {
    for (const { file, value } of scenarios) {
      expect(value.subProblems.length, file).toBeGreaterThanOrEqual(4);
      expect(value.subProblems.length, file).toBeLessThanOrEqual(6);
      for (const sp of value.subProblems) {
        const where = `${file}#${sp.id}`;
        expect(sp.keywords.length, where).toBeGreaterThanOrEqual(6);
        expect(sp.keywords.length, where).toBeLessThanOrEqual(10);
        const lower = sp.keywords.map((k) => k.toLowerCase());
        expect(new Set(lower).size, where).toBe(lower.length);
        expect(
          lower.filter((k) => GENERIC_KEYWORDS.includes(k)),
          where,
        ).toEqual([]);
      }
    }
  });

  it('produce valid rules when their overrides are merged over the defaults', () => {
    for (const { file, value } of scenarios) {
      const merged = RulesSchema.safeParse(mergeRules(DEFAULT_RULES, value.rules));
      expect(merged.success, file).toBe(true);
    }
  });
});
