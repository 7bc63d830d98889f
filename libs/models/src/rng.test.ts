import { describe, expect, it } from 'vitest';
import { createRng, gameRng } from './rng';

describe('rng', () => {
  it('is deterministic per seed and key', () => {
    const a = gameRng(42, 'turn:1');
    const b = gameRng(42, 'turn:1');
    expect([a.next(), a.next(), a.int(10)]).toEqual([b.next(), b.next(), b.int(10)]);
    expect(gameRng(42, 'turn:2').next()).not.toEqual(gameRng(42, 'turn:1').next());
  });

  it('shuffles without losing elements', () => {
    expect(createRng(1).shuffle([1, 2, 3, 4]).sort()).toEqual([1, 2, 3, 4]);
  });
});
