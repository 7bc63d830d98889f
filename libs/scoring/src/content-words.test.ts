import { describe, expect, it } from 'vitest';
import { contentWords, plainWords, splitSentences, stem, substantiveWords } from './content-words';

describe('stem', () => {
  it('brings inflected forms together', () => {
    expect(stem('piers')).toBe(stem('pier'));
    expect(stem('anchored')).toBe(stem('anchor'));
    expect(stem('anchoring')).toBe(stem('anchor'));
    expect(stem('raised')).toBe(stem('raise'));
    expect(stem('raising')).toBe(stem('raises'));
    expect(stem('bodies')).toBe(stem('body'));
  });

  it('leaves short words and double s alone', () => {
    expect(stem('bus')).toBe('bus');
    expect(stem('class')).toBe('class');
    expect(stem('thing')).toBe('thing');
  });
});

describe('contentWords', () => {
  it('drops punctuation, case and stop words and keeps negations', () => {
    expect(contentWords('We should NOT raise the deck, so...')).toEqual(['not', 'rais', 'deck']);
  });

  it('handles possessives and curly apostrophes', () => {
    expect(plainWords('Bo’s plan isn’t bad')).toEqual(['bo', 'plan', 'isnt', 'bad']);
  });

  it('gives nothing for filler', () => {
    expect(contentWords('so')).toEqual([]);
  });
});

describe('substantiveWords', () => {
  it('drops generic words of discussion, in any inflection, and message or player references', () => {
    expect(
      substantiveWords('To put it another way, M2 and P3 should meter every district.'),
    ).toEqual(['meter', 'district']);
    expect(substantiveWords('Steps, ideas and points: actually, the first proposal.')).toEqual([]);
  });

  it('keeps the words that carry a claim, numbers included', () => {
    expect(
      substantiveWords('Cut non-revenue water from 25% to 18% with acoustic sensors.'),
    ).toEqual(['cut', 'non', 'revenu', 'water', '25', '18', 'acoustic', 'sensor']);
  });
});

describe('splitSentences', () => {
  it('splits on sentence ends and lines', () => {
    expect(splitSentences('One. Two? Three!\nFour; five')).toEqual([
      'One.',
      'Two?',
      'Three!',
      'Four;',
      'five',
    ]);
  });
});
