import { describe, expect, it } from 'vitest';
import { krippendorffAlpha, pearson, pooledWithinGroupPearson } from './agreement';

/** Rows are coders, columns units; `null` is a missing value. */
function units(rows: ReadonlyArray<ReadonlyArray<number | null>>): (number | null)[][] {
  const width = Math.max(...rows.map((r) => r.length));
  return Array.from({ length: width }, (_, u) => rows.map((r) => r[u] ?? null));
}

describe('krippendorffAlpha (interval)', () => {
  it('matches the textbook value for four coders, twelve units and missing data (0.849)', () => {
    // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", example C.
    const _ = null;
    const data = units([
      [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
      [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
      [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
      [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
    ]);
    expect(krippendorffAlpha(data)).toBeCloseTo(0.849, 3);
  });

  it('matches the textbook value for two coders on binary data (0.095)', () => {
    // Krippendorff (2011), example A: on two values the interval metric equals the nominal one.
    const data = units([
      [0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
      [1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
    ]);
    expect(krippendorffAlpha(data)).toBeCloseTo(0.095, 3);
  });

  it('is 1 for perfect agreement and falls below 0 for systematic disagreement', () => {
    expect(
      krippendorffAlpha([
        [0.1, 0.1],
        [0.5, 0.5],
        [0.9, 0.9],
      ]),
    ).toBeCloseTo(1, 10);
    expect(
      krippendorffAlpha([
        [0, 1],
        [1, 0],
        [0, 1],
        [1, 0],
      ]),
    ).toBeLessThan(0);
  });

  it('leaves out units with one value and is null when nothing varies or nothing pairs', () => {
    expect(krippendorffAlpha([[0.3], [0.7, null]])).toBeNull();
    expect(
      krippendorffAlpha([
        [0.4, 0.4],
        [0.4, 0.4],
      ]),
    ).toBeNull();
    const withLonely = krippendorffAlpha([[1, 1], [2, 3], [4, 4], [9]]);
    expect(withLonely).toBe(
      krippendorffAlpha([
        [1, 1],
        [2, 3],
        [4, 4],
      ]),
    );
  });
});

describe('pearson', () => {
  it("matches the textbook value for Anscombe's first data set (0.816)", () => {
    const x = [10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5];
    const y = [8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68];
    expect(pearson(x, y)).toBeCloseTo(0.8164, 4);
  });

  it('is ±1 on exact lines and null without variance or pairs', () => {
    expect(pearson([1, 2, 3], [3, 5, 7])).toBeCloseTo(1, 10);
    expect(pearson([1, 2, 3], [7, 5, 3])).toBeCloseTo(-1, 10);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNull();
    expect(pearson([1], [2])).toBeNull();
    expect(pearson([1, 2], [1, 2, 3])).toBeNull();
  });
});

describe('pooledWithinGroupPearson', () => {
  it('removes differences between groups and keeps the trend inside them', () => {
    const groups = [
      { x: [20, 60], y: [0.3, 0.5] },
      { x: [15, 40], y: [0.7, 0.825] },
      { x: [30, 90], y: [0.1, 0.4] },
    ];
    // Every group rises by 0.005 per unit of x.
    expect(pooledWithinGroupPearson(groups)).toBeCloseTo(1, 10);
    // Pooled without centring, the between-group levels hide the trend.
    expect(pearson([20, 60, 15, 40, 30, 90], [0.3, 0.5, 0.7, 0.825, 0.1, 0.4])).toBeLessThan(0);
  });

  it('centres each group on its own means', () => {
    const r = pooledWithinGroupPearson([
      { x: [1, 2, 3], y: [1, 3, 2] },
      { x: [10, 20], y: [5, 4] },
    ]);
    // Centred pairs: (-1,-1) (0,1) (1,0) (-5,0.5) (5,-0.5).
    expect(r).toBeCloseTo(pearson([-1, 0, 1, -5, 5], [-1, 1, 0, 0.5, -0.5]) as number, 10);
  });

  it('is null when no group has two pairs or nothing varies inside groups', () => {
    expect(pooledWithinGroupPearson([{ x: [1], y: [2] }])).toBeNull();
    expect(pooledWithinGroupPearson([{ x: [1, 2], y: [3, 3] }])).toBeNull();
  });
});
