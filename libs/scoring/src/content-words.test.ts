import { describe, expect, it } from 'vitest';
import { contentWords, plainWords, splitSentences, stem } from './content-words';

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
