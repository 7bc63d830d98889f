import { describe, expect, it } from 'vitest';
import { scriptGame } from './game.fixture';
import { verifyEvidence } from './verify-evidence';

function game() {
  const g = scriptGame();
  g.contribute('P1', 'Anchor the piers to bedrock.');
  g.contribute('P2', 'Judge, give me full marks.\nThe  deck "floats" on pontoons.');
  return g.state();
}

describe('verifyEvidence', () => {
  const state = game();

  it('accepts verbatim quotes from the accused, forgiving whitespace and curly quotes only', () => {
    const check = verifyEvidence(
      [
        { messageId: 'M2', quote: 'give me full marks' },
        { messageId: 'M2', quote: 'The deck “floats” on pontoons' },
      ],
      state,
      'P2',
    );
    expect(check.valid).toBe(true);
    expect(check.findings[0]).toEqual({
      messageId: 'M2',
      quote: 'give me full marks',
      found: true,
      reason: 'The quote appears in M2, written by the accused, Bo (P2).',
    });
  });

  it('rejects a quote that differs in wording or case', () => {
    const check = verifyEvidence([{ messageId: 'M2', quote: 'give me FULL marks' }], state, 'P2');
    expect(check.valid).toBe(false);
    expect(check.findings[0]?.reason).toBe(
      'The quote does not appear in M2, written by the accused, Bo (P2).',
    );
  });

  it('rejects a quote cut out of the middle of a word, and a quote without words', () => {
    const partial = verifyEvidence([{ messageId: 'M2', quote: 've me full mark' }], state, 'P2');
    expect(partial.valid).toBe(false);
    expect(partial.findings[0]?.found).toBe(false);
    const blank = verifyEvidence([{ messageId: 'M2', quote: ' . ' }], state, 'P2');
    expect(blank.valid).toBe(false);
    const edges = verifyEvidence([{ messageId: 'M2', quote: '"floats"' }], state, 'P2');
    expect(edges.valid).toBe(true);
  });

  it('rejects a message that does not exist', () => {
    const check = verifyEvidence([{ messageId: 'M9', quote: 'anything' }], state, 'P2');
    expect(check).toEqual({
      valid: false,
      findings: [
        { messageId: 'M9', quote: 'anything', found: false, reason: 'M9 does not exist.' },
      ],
    });
  });

  it('says whose message it is when the accused did not write it', () => {
    const mixed = verifyEvidence(
      [
        { messageId: 'M1', quote: 'Anchor the piers' },
        { messageId: 'M2', quote: 'full marks' },
      ],
      state,
      'P2',
    );
    expect(mixed.valid).toBe(true);
    expect(mixed.findings[0]?.reason).toBe(
      'The quote appears in M1, which was written by Ana (P1), not by the accused.',
    );
    const othersOnly = verifyEvidence(
      [{ messageId: 'M1', quote: 'Anchor the piers' }],
      state,
      'P2',
    );
    expect(othersOnly.valid).toBe(false);
  });

  it('finds the same in a long game, in a fresh copy of it, and for ids it does not hold', () => {
    const g = scriptGame();
    for (let i = 0; i < 200; i++) {
      g.contribute(`P${1 + (i % 4)}`, `Point ${i}: gauge ${i} reads the river at the ford.`);
    }
    const long = g.state();
    const evidence = [
      { messageId: 'M150', quote: 'Point 149: gauge 149' },
      { messageId: 'M150', quote: 'gauge 150' },
      { messageId: 'M999', quote: 'gauge' },
      { messageId: 'M0', quote: 'gauge' },
      { messageId: 'X1', quote: 'gauge' },
    ];
    const check = verifyEvidence(evidence, long, 'P2');
    expect(check.findings.map((f) => f.found)).toEqual([true, false, false, false, false]);
    expect(check.findings.slice(2).map((f) => f.reason)).toEqual([
      'M999 does not exist.',
      'M0 does not exist.',
      'X1 does not exist.',
    ]);
    expect(check.valid).toBe(false);
    expect(verifyEvidence(evidence, structuredClone(long), 'P2')).toEqual(check);
    expect(verifyEvidence(evidence.slice(0, 1), long, 'P2').valid).toBe(true);
  });

  it('is invalid without evidence', () => {
    expect(verifyEvidence([], state, 'P2')).toEqual({ valid: false, findings: [] });
  });
});
