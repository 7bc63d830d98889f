import { describe, expect, it } from 'vitest';
import {
  CalibrationSetSchema,
  parseCalibrationSetText,
  type CalibrationSetInput,
} from './calibration';
import { DIMENSIONS } from './rules';
import { formatPath } from './validation';

const range = (min: number, max: number) =>
  Object.fromEntries(DIMENSIONS.map((d) => [d, { min, max }])) as Record<
    (typeof DIMENSIONS)[number],
    { min: number; max: number }
  >;

function validSet(): CalibrationSetInput {
  return {
    id: 'tiny',
    contributions: [
      {
        id: 'leak-plan',
        scenario: 'city-water',
        context: [
          { speaker: 'P1', text: 'We should find the leaks first.' },
          { speaker: 'P2', text: 'Agreed, leaks waste a quarter of the water.', cites: ['M1'] },
        ],
        contribution: {
          speaker: 'P3',
          text: 'District metering with acoustic sensors finds the leaks M1 talks about.',
          cites: ['M1'],
        },
        authorFamily: 'human',
        group: 'leaks',
        expected: range(0.2, 0.8),
      },
      {
        id: 'leak-plan-verbose',
        scenario: 'city-water',
        context: [
          { speaker: 'P1', text: 'We should find the leaks first.' },
          { speaker: 'P2', text: 'Agreed, leaks waste a quarter of the water.', cites: ['M1'] },
        ],
        contribution: {
          speaker: 'P3',
          text: 'To put it at much greater length: district metering, together with acoustic sensors, finds the leaks that M1 talks about.',
          cites: ['M1'],
        },
        authorFamily: 'openai',
        group: 'leaks',
        expected: range(0.2, 0.8),
      },
    ],
    accusations: [
      {
        id: 'fake-quote',
        scenario: 'city-water',
        context: [{ speaker: 'P2', text: 'Pressure management saves water.' }],
        accuser: 'P1',
        accused: 'P2',
        kind: 'false_statement',
        claim: 'P2 lied about pressure.',
        evidence: [{ messageId: 'M1', quote: 'pressure is irrelevant' }],
        expected: 'false',
      },
    ],
  };
}

function issuesOf(input: unknown): string[] {
  const parsed = CalibrationSetSchema.safeParse(input);
  if (parsed.success) return [];
  return parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`);
}

describe('CalibrationSetSchema', () => {
  it('accepts a valid set and fills the defaults', () => {
    const set = CalibrationSetSchema.parse(validSet());
    expect(set.contributions).toHaveLength(2);
    expect(set.contributions[0]?.context[0]?.cites).toEqual([]);
    expect(set.accusations[0]?.defence).toBe('');
    expect(set.accusations[0]?.confidence).toBe(0.8);
  });

  it('names the field path of a range outside [0, 1] or upside down', () => {
    const input = validSet();
    const item = input.contributions?.[0];
    if (!item) throw new Error('fixture');
    item.expected = {
      ...range(0, 1),
      novelty: { min: 0.6, max: 0.4 },
      manipulation: { min: 0, max: 1.5 },
    };
    const issues = issuesOf(input);
    expect(issues).toContain('contributions.0.expected.novelty.max: must be at least min');
    expect(issues).toContain(
      'contributions.0.expected.manipulation.max: must be a number from 0 to 1',
    );
  });

  it('requires all five dimensions and rejects unknown fields', () => {
    const input = validSet();
    const item = input.contributions?.[1] as Record<string, unknown>;
    item['expected'] = Object.fromEntries(
      Object.entries(range(0, 1)).filter(([d]) => d !== 'radical_idea'),
    );
    item['lable'] = 'typo';
    const issues = issuesOf(input);
    expect(issues.some((i) => i.startsWith('contributions.1.expected.radical_idea:'))).toBe(true);
    expect(issues.some((i) => i.startsWith('contributions.1:') && i.includes('lable'))).toBe(true);
  });

  it('rejects cites of messages that do not come earlier, naming the path', () => {
    const input = validSet();
    const item = input.contributions?.[0];
    if (!item?.context?.[0] || !item.contribution) throw new Error('fixture');
    item.context[0].cites = ['M2'];
    item.contribution.cites = ['M3'];
    const issues = issuesOf(input);
    expect(issues).toContain(
      'contributions.0.context.0.cites.0: M2 is not an earlier context message: nothing comes before this one',
    );
    expect(issues).toContain(
      'contributions.0.contribution.cites.0: M3 is not an earlier context message; allowed: M1 to M2',
    );
  });

  it('keeps the items of a group to one scenario, one context and one set of labels', () => {
    const input = validSet();
    const second = input.contributions?.[1];
    if (!second) throw new Error('fixture');
    second.expected = range(0.3, 0.8);
    second.context = [{ speaker: 'P1', text: 'Something else.' }];
    const issues = issuesOf(input);
    expect(issues).toContain(
      'contributions.1.expected: must equal contributions.0.expected (every label is shared by group "leaks")',
    );
    expect(issues).toContain(
      'contributions.1.context: must equal contributions.0.context (the context is shared by group "leaks")',
    );
  });

  it('rejects a group of one', () => {
    const input = validSet();
    const second = input.contributions?.[1];
    if (!second) throw new Error('fixture');
    second.group = 'other';
    expect(issuesOf(input)).toEqual([
      'contributions.0.group: group "leaks" has one item; a group needs at least 2 (a concise and a verbose version)',
      'contributions.1.group: group "other" has one item; a group needs at least 2 (a concise and a verbose version)',
    ]);
  });

  it('checks accusations: evidence ids, self-accusation, kinds, verdicts and unique ids', () => {
    const input = validSet();
    const acc = input.accusations?.[0];
    if (!acc?.evidence?.[0]) throw new Error('fixture');
    acc.evidence[0].messageId = 'M4';
    acc.accused = 'P1';
    acc.id = 'leak-plan';
    (acc as Record<string, unknown>)['expected'] = 'guilty';
    (acc as Record<string, unknown>)['kind'] = 'lying';
    const issues = issuesOf(input);
    expect(issues.some((i) => i.startsWith('accusations.0.expected:'))).toBe(true);
    expect(issues.some((i) => i.startsWith('accusations.0.kind:'))).toBe(true);
    const refined = issuesOf({
      ...input,
      accusations: [{ ...acc, expected: 'false', kind: 'other' }],
    });
    expect(refined).toContain(
      'accusations.0.evidence.0.messageId: M4 is not a context message; allowed: M1 to M1',
    );
    expect(refined).toContain(
      'accusations.0.accused: must differ from accuser: a player cannot accuse itself',
    );
    expect(refined).toContain('accusations.0.id: duplicate id "leak-plan" (also contributions.0)');
  });

  it('rejects aliases that are not seats and an empty set', () => {
    const input = validSet();
    const item = input.contributions?.[0];
    if (!item?.contribution) throw new Error('fixture');
    item.contribution.speaker = 'Ada';
    expect(issuesOf(input)).toContain(
      'contributions.0.contribution.speaker: must be a seat alias from P1 to P20',
    );
    expect(issuesOf({ id: 'empty' })).toEqual([
      'contributions: a calibration set needs at least one contribution or accusation',
    ]);
  });
});

describe('parseCalibrationSetText', () => {
  it('parses YAML and reports malformed files with the source and field paths', () => {
    const ok = parseCalibrationSetText(JSON.stringify(validSet()), 'set.json');
    expect(ok.ok).toBe(true);
    const bad = parseCalibrationSetText(
      'id: broken\ncontributions:\n  - id: x\n    scenario: city-water\n',
      'broken.yaml',
    );
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error.message).toContain('Invalid calibration set in broken.yaml');
    expect(bad.error.message).toContain('contributions.0.contribution');
    expect(bad.error.message).toContain('contributions.0.expected');
    const syntax = parseCalibrationSetText('id: [unclosed', 'syntax.yaml');
    expect(syntax.ok).toBe(false);
    if (!syntax.ok) expect(syntax.error.message).toContain('syntax.yaml:');
  });
});
