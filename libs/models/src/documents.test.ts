import { describe, expect, it } from 'vitest';
import {
  formatYamlDocument,
  parseCharacterText,
  parseScenarioText,
  parseYamlDocument,
} from './documents';
import { hasErrorCode, type Result } from './errors';
import { MODELS_ERROR_CODES } from './validation';

function failure<T>(result: Result<T>) {
  if (result.ok) throw new Error('expected a failure, got a value');
  return result.error;
}

function success<T>(result: Result<T>): T {
  if (!result.ok) throw result.error;
  return result.value;
}

const arenaCharacter = `
id: ada-quill
name: Ada Quill
archetype: skeptic
description: A tester who believes nothing until it has failed once.
personality:
  bigFive: { openness: 0.5, conscientiousness: 0.9, extraversion: 0.3, agreeableness: 0.35, neuroticism: 0.5 }
  traits:
    - { name: skeptical, intensity: 0.9 }
    - blunt
  values:
    - { name: evidence, priority: 10 }
    - thrift
expertise:
  domain: software testing
communication:
  style: terse
goals: [expose weak assumptions]
backstory: Ada breaks software for a living.
`;

/** Replace one `key: value` line of the Arena fixture. */
function withLine(key: string, line: string): string {
  return arenaCharacter
    .split('\n')
    .map((l) => (l.trimStart().startsWith(`${key}:`) ? line : l))
    .join('\n');
}

const plainHomunculus = `
name: Brother Otto Weiss
archetype: grumpy_expert
demographics: { age: 60, location: a mountain library }
personality:
  big_five: { openness: 0.6, conscientiousness: 0.9, extraversion: 0.2, agreeableness: 0.3, neuroticism: 0.6 }
  behavioral_traits: [grumpy, meticulous_reader]
  core_values: [intellectual_honesty, tradition]
  quirks: [mutters]
specialty:
  domain: medieval_manuscripts
  expertise_level: 0.9
  subdomain_knowledge: [palaeography]
skills: { problem_solving: 0.8 }
communication_style:
  verbal_pattern: verbose
  formality_level: formal
  humor_style: sarcastic
  conversation_style: lecturing
mood_baseline: { current_state: irritated }
initial_goals: [preserve the archive]
neurochemical_baseline: { dopamine: 30, serotonin: 40, oxytocin: 20, endorphins: 25, cortisol: 70, adrenaline: 40 }
backstory: |
  Otto has guarded the archive for forty years.
`;

const structuredHomunculus = `
character_id: char_007_mira
name: Mira Sol
archetype: playful
demographics: { age: 29, gender: female }
personality:
  big_five: { openness: 0.9, conscientiousness: 0.4, extraversion: 0.8, agreeableness: 0.7, neuroticism: 0.3 }
  behavioral_traits:
    - { trait: spontaneous, intensity: 0.85 }
    - { trait: risk_taking, intensity: 0.6 }
  core_values:
    - { value: freedom, priority: 10 }
    - { value: close_friends, priority: 7 }
communication_style:
  verbal_pattern: rapid_fire
  formality_level: casual
mood_baseline: { default_state: upbeat, emotional_volatility: 0.5 }
neurochemical_profile:
  baseline_sensitivities: { dopamine: 0.9 }
initial_goals:
  - { goal_id: g1, goal_type: short_term, description: Make someone laugh, priority: 6 }
  - { goal_id: g2, goal_type: hidden, description: Find a co-founder, priority: 8 }
neurochemical_baseline: { dopamine: 80, serotonin: 60, oxytocin: 65, endorphins: 70, cortisol: 25, adrenaline: 55 }
`;

describe('parseYamlDocument', () => {
  it('reports malformed YAML with its source, line and column', () => {
    const error = failure(parseYamlDocument('title: ok\nlist: [a, b\nnext: 1\n', 'bad.yaml'));
    expect(error.code).toBe(MODELS_ERROR_CODES.INVALID_YAML);
    expect(error.category).toBe('user');
    expect(error.message).toMatch(/bad\.yaml:\d+:\d+/);
    expect(error.details).toMatchObject({ source: 'bad.yaml', line: expect.any(Number) });
    expect(error.details['column']).toEqual(expect.any(Number));
  });

  it('points at the exact line and column of the error', () => {
    const error = failure(parseYamlDocument('a: 1\nb: 2\nc: d: e\n', 'nested.yaml'));
    expect(error.details).toMatchObject({ line: 3, column: 4 });
    expect(error.message).toContain('nested.yaml:3:4');
  });

  it('accepts JSON, which is YAML', () => {
    expect(success(parseYamlDocument('{"a": [1, 2]}'))).toEqual({ a: [1, 2] });
  });
});

describe('parseCharacterText', () => {
  it('reads the Arena format and fills defaults', () => {
    const profile = success(parseCharacterText(arenaCharacter));
    expect(profile.source).toBe('arena');
    expect(profile.personality.traits).toEqual([
      { name: 'skeptical', intensity: 0.9 },
      { name: 'blunt', intensity: 0.7 },
    ]);
    expect(profile.personality.values).toEqual([
      { name: 'evidence', priority: 10 },
      { name: 'thrift', priority: 5 },
    ]);
    expect(profile.expertise).toEqual({ domain: 'software testing', subdomains: [], level: 0.7 });
    expect(profile.communication).toMatchObject({ formality: 'neutral', humor: 'none' });
  });

  it('turns malformed YAML into ARENA_INVALID_YAML, not a schema error', () => {
    const error = failure(parseCharacterText('id: x\nname: "unterminated\n', 'x.yaml'));
    expect(hasErrorCode(error, 'ARENA_INVALID_YAML')).toBe(true);
    expect(error.message).toMatch(/x\.yaml:\d+:\d+/);
  });

  it('names the field path of an out-of-range value', () => {
    const text = arenaCharacter.replace('openness: 0.5', 'openness: 1.5');
    const error = failure(parseCharacterText(text, 'ada.yaml'));
    expect(error.code).toBe(MODELS_ERROR_CODES.INVALID_INPUT);
    expect(error.message).toContain('ada.yaml');
    expect(error.message).toContain('personality.bigFive.openness');
    expect(error.details['issues']).toEqual([
      expect.objectContaining({ path: 'personality.bigFive.openness' }),
    ]);
  });

  it('lists the allowed values of an enum field', () => {
    const text = withLine('style', '  style: terse\n  formality: shouty');
    const error = failure(parseCharacterText(text));
    expect(error.message).toContain('communication.formality');
    for (const allowed of ['casual', 'neutral', 'formal']) expect(error.message).toContain(allowed);
  });

  it('names every missing required field at once', () => {
    const text = withLine('goals', '').replace(/^backstory:.*$/m, '');
    const error = failure(parseCharacterText(text));
    const paths = (error.details['issues'] as { path: string }[]).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['goals', 'backstory']));
  });

  it('explains what an id may contain', () => {
    const error = failure(parseCharacterText(withLine('id', 'id: Ada Quill')));
    expect(error.message).toMatch(/id: must be lowercase letters, digits and dashes/);
  });

  it('imports the plain-list Homunculus dialect with defaults for bare strings', () => {
    const profile = success(parseCharacterText(plainHomunculus, 'otto.yaml'));
    expect(profile).toMatchObject({
      id: 'brother-otto-weiss',
      name: 'Brother Otto Weiss',
      archetype: 'grumpy expert',
      source: 'homunculus',
      expertise: { domain: 'medieval manuscripts', subdomains: ['palaeography'], level: 0.9 },
      communication: { style: 'verbose, lecturing', formality: 'formal', humor: 'sarcastic' },
      goals: ['preserve the archive'],
      backstory: 'Otto has guarded the archive for forty years.',
    });
    expect(profile.personality.traits).toEqual([
      { name: 'grumpy', intensity: 0.7 },
      { name: 'meticulous reader', intensity: 0.7 },
    ]);
    expect(profile.personality.values).toEqual([
      { name: 'intellectual honesty', priority: 5 },
      { name: 'tradition', priority: 5 },
    ]);
    expect(profile.personality.bigFive.agreeableness).toBe(0.3);
    expect(profile.neurochemistry).toEqual({
      dopamine: 30,
      serotonin: 40,
      oxytocin: 20,
      endorphins: 25,
      cortisol: 70,
      adrenaline: 40,
    });
  });

  it('imports the structured Homunculus dialect preserving intensities and priorities', () => {
    const profile = success(parseCharacterText(structuredHomunculus));
    expect(profile.id).toBe('char-007-mira');
    expect(profile.source).toBe('homunculus');
    expect(profile.personality.traits).toEqual([
      { name: 'spontaneous', intensity: 0.85 },
      { name: 'risk taking', intensity: 0.6 },
    ]);
    expect(profile.personality.values).toEqual([
      { name: 'freedom', priority: 10 },
      { name: 'close friends', priority: 7 },
    ]);
    expect(profile.goals).toEqual(['Make someone laugh', 'Find a co-founder']);
    expect(profile.communication.formality).toBe('casual');
    expect(profile.neurochemistry?.dopamine).toBe(80);
    expect(profile.expertise).toEqual({
      domain: 'general knowledge',
      subdomains: [],
      level: 0.7,
    });
    expect(profile.backstory.length).toBeGreaterThan(0);
  });

  it('reports Homunculus schema errors with Homunculus field paths', () => {
    const text = structuredHomunculus.replace('intensity: 0.85', 'intensity: 3');
    const error = failure(parseCharacterText(text, 'mira.yaml'));
    expect(error.code).toBe(MODELS_ERROR_CODES.INVALID_INPUT);
    expect(error.message).toContain('Homunculus character');
    expect(error.message).toContain('personality.behavioral_traits.0');
  });

  it('rejects a Homunculus neurochemical baseline outside 0-100', () => {
    const text = plainHomunculus.replace('cortisol: 70', 'cortisol: 170');
    const error = failure(parseCharacterText(text));
    expect(error.message).toContain('neurochemical_baseline.cortisol');
  });
});

describe('parseScenarioText', () => {
  const scenario = `
id: night-market
title: A night market
type: strategy
description: Bring people back after dark.
problem: The town centre empties at six.
subProblems:
  - { id: vendors, title: Vendors, description: Attract stallholders., keywords: [stall fee, food truck, local makers] }
  - { id: safety, title: Safety, description: Keep it safe., keywords: [lighting, crowd control, first aid] }
successCriteria:
  description: Both have a plan.
`;

  it('reads a scenario and defaults the success criteria to all sub-problems', () => {
    const parsed = success(parseScenarioText(scenario));
    expect(parsed.successCriteria.required).toBe('all');
    expect(parsed.subProblems.map((s) => s.id)).toEqual(['vendors', 'safety']);
  });

  it('lists the allowed scenario types', () => {
    const error = failure(parseScenarioText(scenario.replace('type: strategy', 'type: comedy')));
    expect(error.message).toContain('type');
    for (const t of ['technical', 'strategy', 'ethics', 'creative', 'science', 'policy']) {
      expect(error.message).toContain(t);
    }
  });

  it('names unknown required sub-problems and the ids that exist', () => {
    const text = scenario.replace(
      'description: Both have a plan.',
      'description: Both have a plan.\n  required: [vendors, parking]',
    );
    const error = failure(parseScenarioText(text));
    expect(error.message).toContain('successCriteria.required.1');
    expect(error.message).toContain('parking');
    expect(error.message).toContain('vendors, safety');
  });

  it('rejects duplicate sub-problem ids', () => {
    const error = failure(parseScenarioText(scenario.replace('id: safety', 'id: vendors')));
    expect(error.message).toContain('subProblems.1.id');
    expect(error.message).toContain('duplicate');
  });
});

describe('formatYamlDocument', () => {
  it('writes a document that parses back to the same value, long text on one line', () => {
    const value = {
      id: 'ada-quill',
      text: 'A sentence long enough to be folded by a YAML writer with the default line width of eighty.',
      quote: 'a: colon, a # hash and “quotes”',
      list: [{ name: 'nested', level: 0.5 }, 'plain'],
      none: null,
    };
    const text = formatYamlDocument(value);
    expect(text).toContain(`text: ${value.text}\n`);
    expect(success(parseYamlDocument(text))).toEqual(value);
  });

  it('round-trips a character profile through parseCharacterText', () => {
    const profile = success(parseCharacterText(arenaCharacter));
    expect(success(parseCharacterText(formatYamlDocument(profile)))).toEqual(profile);
  });
});
