import { hasErrorCode } from '@arena/models';
import { describe, expect, it } from 'vitest';
import { AGENTS_ERROR_CODES } from '../errors';
import { fill, lowerFirst, midSentence, terminate } from './fill';
import { ACCUSATION_PHRASES } from './phrases/accusation-phrases';
import { CONTRIBUTION_PHRASES } from './phrases/contribution-phrases';
import { DEFENCE_PHRASES } from './phrases/defence-phrases';
import { FAREWELL_PHRASES } from './phrases/farewell-phrases';
import { MANIPULATION_MARKERS, MANIPULATION_PHRASES } from './phrases/manipulation-phrases';
import { NARRATOR_PHRASES } from './phrases/narrator-phrases';

function templates(bank: unknown): string[] {
  if (typeof bank === 'string') return [bank];
  if (Array.isArray(bank)) return bank.flatMap(templates);
  if (bank && typeof bank === 'object' && !(bank instanceof RegExp)) {
    return Object.values(bank).flatMap(templates);
  }
  return [];
}

const every = new Proxy({} as Record<string, string>, { get: (_, slot) => `<${String(slot)}>` });

describe('fill', () => {
  it('replaces slots and turns "a" into "an" before a vowel sound', () => {
    expect(
      fill('I propose a {k} trial and a {n}-step plan for {k}.', { k: 'anchor', n: '8' }),
    ).toBe('I propose an anchor trial and an 8-step plan for anchor.');
    expect(fill('A {k} first.', { k: 'inspection' })).toBe('An inspection first.');
    expect(fill('a {k}', { k: 'pier' })).toBe('a pier');
  });

  it('throws a coded error for a missing slot', () => {
    expect(() => fill('{nope}', {})).toThrow();
    try {
      fill('{nope}', {});
    } catch (error) {
      expect(hasErrorCode(error, AGENTS_ERROR_CODES.SIM_TEMPLATE_SLOT)).toBe(true);
    }
  });

  it('keeps names, "I" and acronyms capitalised', () => {
    expect(lowerFirst('Build it.')).toBe('build it.');
    expect(lowerFirst('I think so')).toBe('I think so');
    expect(lowerFirst('AI first')).toBe('AI first');
    expect(lowerFirst("Ana's point", ['Ana'])).toBe("Ana's point");
    expect(midSentence('A footbridge for a flood-prone town')).toBe(
      'a footbridge for a flood-prone town',
    );
    expect(midSentence('Water Rights Reform')).toBe('Water Rights Reform');
    expect(terminate('yes')).toBe('Yes.');
    expect(terminate('Why?')).toBe('Why?');
  });

  it('every phrase in every bank fills with the slots the simulator supplies', () => {
    const banks = [
      CONTRIBUTION_PHRASES,
      MANIPULATION_PHRASES,
      ACCUSATION_PHRASES,
      DEFENCE_PHRASES,
      FAREWELL_PHRASES,
      NARRATOR_PHRASES,
    ];
    const all = banks.flatMap(templates);
    expect(all.length).toBeGreaterThan(400);
    for (const t of all) expect(fill(t, every)).not.toMatch(/[{}]/);
  });

  it('manipulation lines trip the markers the simulator scans for', () => {
    const slots = { name: 'Bo', pid: 'P2', k1: 'deck', title: 'monitoring', id: 'M3', fake: 'x' };
    for (const kind of Object.keys(MANIPULATION_MARKERS) as (keyof typeof MANIPULATION_MARKERS)[]) {
      for (const line of MANIPULATION_PHRASES[kind]) {
        expect(MANIPULATION_MARKERS[kind].test(fill(line, slots)), line).toBe(true);
      }
    }
  });

  it('ordinary contribution phrases never look like manipulation', () => {
    const ordinary = templates({ ...CONTRIBUTION_PHRASES, restateSwaps: [] });
    for (const t of ordinary) {
      const line = fill(t, every);
      for (const marker of Object.values(MANIPULATION_MARKERS))
        expect(marker.test(line), line).toBe(false);
    }
  });
});
